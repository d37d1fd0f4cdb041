"""Pairwise precision, recall and F1 of a clusters file against true labels.

usage: pairwise.py CLUSTERS.csv TRUTH.txt
CLUSTERS.csv is what `crm-cleaner clean --clusters` writes (source_row,
cluster_id, ...); TRUTH.txt has one true entity label per input data row.
"""
import csv
import sys
from collections import Counter


def pairs(counter):
    return sum(n * (n - 1) // 2 for n in counter.values())


def main(clusters_path, truth_path):
    truth = open(truth_path, encoding="utf-8").read().split()
    predicted = {}
    with open(clusters_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            predicted[int(row["source_row"])] = row["cluster_id"]
    rows = range(1, len(truth) + 1)
    # Rows that did not reach deduplication (rejected) are clusters of their own.
    pred = {r: predicted.get(r, f"missing-{r}") for r in rows}
    both = Counter((pred[r], truth[r - 1]) for r in rows)
    tp = pairs(both)
    p_pairs = pairs(Counter(pred.values()))
    t_pairs = pairs(Counter(truth))
    precision = tp / p_pairs if p_pairs else 1.0
    recall = tp / t_pairs if t_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"rows {len(truth)} true_pairs {t_pairs} predicted_pairs {p_pairs} "
          f"true_positives {tp} precision {precision:.4f} recall {recall:.4f} f1 {f1:.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
