class ExtractionError(Exception):
    """A file that cannot be read, with a message the person who uploaded it can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
