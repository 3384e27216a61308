from splint.linter.cli import run

run()
