"""The exception raised by every hems function that fails."""


class Error(Exception):
    """A libtic/libemsmeter/libevcharge/libtariff call failed.

    Attributes: ``code`` (the negative C error code), ``name`` (its symbolic name,
    such as ``"TIC_EINVAL"``) and ``message`` (the library's text).
    """

    def __init__(self, code, name, message):
        super().__init__(code, name, message)
        self.code = code
        self.name = name
        self.message = message

    def __str__(self):
        return f"{self.name} ({self.code}): {self.message}"
