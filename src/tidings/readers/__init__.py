"""Readers turn inputs (files, folders) into raw articles for the pipeline."""

from .text import TextReader, decode_bytes, iter_files, read_text_file

__all__ = ["TextReader", "decode_bytes", "iter_files", "read_text_file"]
