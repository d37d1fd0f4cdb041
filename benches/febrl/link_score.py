"""Precision, recall and F1 of `crm-cleaner link` output against the truth.

usage: link_score.py LINKS.csv TRUTH_EXISTING TRUTH_NEW
A predicted link is right when both rows are the same entity; every new row
whose entity occurs in the existing file is a true link.
"""
import csv
import sys


def main(links_path, truth_a_path, truth_b_path):
    truth_a = open(truth_a_path).read().split()
    truth_b = open(truth_b_path).read().split()
    entities_a = set(truth_a)
    true_links = sum(1 for t in truth_b if t in entities_a)
    predicted = correct = 0
    with open(links_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if not row["source_row_existing"]:
                continue
            predicted += 1
            new, old = int(row["source_row_new"]), int(row["source_row_existing"])
            correct += truth_b[new - 1] == truth_a[old - 1]
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_links if true_links else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"true_links {true_links} predicted {predicted} correct {correct} "
          f"precision {precision:.4f} recall {recall:.4f} f1 {f1:.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
