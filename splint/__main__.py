from splint.cli import run

run()
