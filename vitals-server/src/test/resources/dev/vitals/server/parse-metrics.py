"""Parses metrics text with the Python client's parsers and prints what they read.

usage: /usr/bin/python3 parse-metrics.py openmetrics|text FILE

openmetrics: prometheus_client.openmetrics.parser, the strict OpenMetrics 1.0 parser (it rejects a
missing # EOF, a bad +Inf bucket, counters named with _total, NaN counts, uncanonical le values…).
text: prometheus_client.parser, the text format 0.0.4 parser.

One line per family, then one per sample, fields separated by tabs; in every field a backslash,
a tab and a line feed are written \\, \t and \n:
  family  NAME  TYPE  UNIT  HELP
  sample  NAME  VALUE  LABEL  VALUE  LABEL  VALUE ...
VALUE is Python's repr of the number (1, 0.25, nan). Exit status 1 with the parser's message on
stderr when it rejects the text.
"""
import sys


def field(s):
    return str(s).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "openmetrics":
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
    elif kind == "text":
        from prometheus_client.parser import text_string_to_metric_families
    else:
        sys.exit("unknown format " + kind)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the parsers raise ValueError and friends
        print("%s parser rejected the text: %s: %s" % (kind, type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
    for family in families:
        print("\t".join(["family", field(family.name), field(family.type), field(family.unit),
                         field(family.documentation)]))
        for sample in family.samples:
            cells = ["sample", field(sample.name), field(repr(sample.value))]
            for name, value in sample.labels.items():
                cells += [field(name), field(value)]
            print("\t".join(cells))


main()
