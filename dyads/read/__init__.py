"""Read articles from files, directories, JSONL and standard input (the contract's "Input: articles").

Reading is lazy: articles are yielded one at a time, so a directory of thousands of files or a JSONL of millions of
lines never sits in memory. An input that cannot be read is reported through ``on_problem`` with its name and the
reason, and reading goes on with the next one.
"""
from dyads.read.inputs import (DEFAULT_MAX_BYTES, ReadProblem, add_input_options, input_options, iter_articles,
                               read_record)

__all__ = ["DEFAULT_MAX_BYTES", "ReadProblem", "add_input_options", "input_options", "iter_articles", "read_record"]
