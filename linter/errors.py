"""User-fixable errors. Each message is one line: what, where, and what to do."""


class SplintError(Exception):
    """Base class: printed as ``splint: <message>`` and turned into an exit code."""

    exit_code = 2


class ConfigError(SplintError):
    """A configuration file or command-line option is wrong."""


class PromptFileError(SplintError):
    """A prompt source cannot be read or parsed; other sources still get linted."""

    def __init__(self, path: str, message: str, item_id: str | None = None) -> None:
        self.path = path
        self.item_id = item_id
        self.reason = message
        where = f"{path} [{item_id}]" if item_id is not None else path
        super().__init__(f"{where}: {message}")


class RuleDataError(SplintError):
    """A lexicon or target profile shipped with (or added to) the rules is invalid."""
