"""newsbundle: turn a folder of news articles about one story into a searchable report site."""

__version__ = "0.1.0"
