"""User-fixable errors. Each message is one line: what, where, and what to do."""


class SplintError(Exception):
    """Base class: printed as ``splint: <message>`` and turned into an exit code."""

    exit_code = 2


class ConfigError(SplintError):
    """A configuration file or command-line option is wrong."""


class RuleDataError(SplintError):
    """A lexicon or target profile shipped with (or added to) the rules is invalid."""


class RewriteError(SplintError):
    """The rewriter cannot start: no model named, no key for OpenAI, a bad option."""
