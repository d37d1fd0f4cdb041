//! Clusters: which rows are the same customer, from the pairs the scorer
//! linked.
//!
//! Every pair whose match weight is at or above the threshold joins its two
//! rows, with union-find; the clusters are the connected components of that
//! "probably the same" graph. [`cluster`] does just that.
//!
//! Components chain: A looks like B, B a bit like C, C like D, and A ends up
//! merged with D though nothing says they are alike. [`cluster_checked`]
//! guards against it. Each cluster larger than
//! [`ChainGuard::max_size_before_check`] gets a representative (by default
//! the best-linked member, or the caller's choice, say the survivor record),
//! and its members are grouped by *strong* links, those well above the
//! threshold. The representative's group stays. Another group stays only if
//! every one of its members scores at or above the threshold against the
//! representative; otherwise the whole group is split off, since it hangs on
//! the cluster by a weak link and at least one of its members is not the
//! representative's customer. Groups are split as wholes so that a pair the
//! model is sure of (C and D above) is never torn apart because one of them
//! happens to resemble the representative. Split-off rows are clustered
//! again among themselves, and checked again if still large; every split is
//! reported ([`Split`]) so the page can show what was undone. A cluster that
//! keeps chaining (a giant component losing one row per check) is, past a
//! work budget linear in its size, cut at every weak link instead.
//!
//! For the page's threshold slider, [`histogram`] bins the weights and
//! [`clusters_at_thresholds`] counts clusters at many thresholds in one pass
//! over the pairs sorted by weight.
//!
//! Memory is linear in rows and pairs, with no allocation per pair: the
//! checks copy only the links of the clusters they look at.

use serde::{Deserialize, Serialize};

/// Two rows and their match weight: `(a, b, weight)`.
pub type ScoredPair = (usize, usize, f64);

/// Disjoint sets of `0..n`, with path compression and union by size, so a
/// sequence of operations costs effectively constant time each.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    /// `n` sets of one element each.
    pub fn new(n: usize) -> UnionFind {
        UnionFind { parent: (0..n).collect(), size: vec![1; n] }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The root of `x`'s set. An `x` out of range is its own root.
    pub fn find(&mut self, x: usize) -> usize {
        if x >= self.parent.len() {
            return x;
        }
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        // Point every node on the way at the root, so the next find is one
        // step.
        let mut node = x;
        while self.parent[node] != root {
            let next = self.parent[node];
            self.parent[node] = root;
            node = next;
        }
        root
    }

    /// Joins the sets of `a` and `b`; whether they were apart. Out-of-range
    /// elements are never joined.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        self.merge(a, b).is_some()
    }

    /// The size of `x`'s set (1 for an `x` out of range).
    pub fn size_of(&mut self, x: usize) -> usize {
        let root = self.find(x);
        self.size.get(root).copied().unwrap_or(1)
    }

    /// Joins the sets of `a` and `b`, returning their sizes before, or
    /// `None` if they were already one set or either is out of range.
    fn merge(&mut self, a: usize, b: usize) -> Option<(usize, usize)> {
        if a >= self.len() || b >= self.len() {
            return None;
        }
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let (sa, sb) = (self.size[ra], self.size[rb]);
        // The smaller tree goes under the larger, keeping paths short.
        let (big, small) = if sa >= sb { (ra, rb) } else { (rb, ra) };
        self.parent[small] = big;
        self.size[big] = sa + sb;
        Some((sa, sb))
    }
}

/// The clusters of a table's rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterResult {
    /// Each row's cluster. Ids are dense and numbered in order of each
    /// cluster's first row: row 0 is in cluster 0, and so on; a row linked
    /// to nothing is a cluster of its own.
    pub cluster_of: Vec<u32>,
    /// Each cluster's number of rows, by cluster id.
    pub sizes: Vec<u32>,
    /// The clusters the chain guard split, in the order it split them.
    pub splits: Vec<Split>,
    /// The pairs at or above the threshold (with both rows in range and
    /// distinct), whether or not they joined anything new.
    pub pairs_used: usize,
}

/// Rows the chain guard took out of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// The cluster the rows were taken from (its id after the split; the
    /// representative is still in it).
    pub cluster: u32,
    /// The row the members were checked against.
    pub representative: usize,
    /// The rows taken out, ascending. Their new clusters are in
    /// [`ClusterResult::cluster_of`].
    pub removed: Vec<usize>,
    /// Why, in words.
    pub reason: String,
}

/// Each cluster's rows, without a `Vec` per cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterMembers {
    /// Cluster `c`'s rows are `rows[offsets[c]..offsets[c + 1]]`.
    offsets: Vec<usize>,
    rows: Vec<usize>,
}

impl ClusterMembers {
    /// The rows of cluster `id`, ascending; empty for an unknown id.
    pub fn get(&self, id: u32) -> &[usize] {
        let id = id as usize;
        match (self.offsets.get(id), self.offsets.get(id + 1)) {
            (Some(&start), Some(&end)) => self.rows.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The number of clusters.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether there are no clusters.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every cluster's rows, by cluster id.
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> + '_ {
        self.offsets.windows(2).map(|w| self.rows.get(w[0]..w[1]).unwrap_or(&[]))
    }
}

impl ClusterResult {
    /// The number of clusters, single rows included.
    pub fn clusters(&self) -> usize {
        self.sizes.len()
    }

    /// The number of clusters of two rows or more: the duplicate groups.
    pub fn multi_row_clusters(&self) -> usize {
        self.sizes.iter().filter(|&&s| s > 1).count()
    }

    /// Each cluster's rows (a counting sort of `cluster_of`).
    pub fn members(&self) -> ClusterMembers {
        let mut offsets = Vec::with_capacity(self.sizes.len() + 1);
        let mut end = 0;
        offsets.push(end);
        for &size in &self.sizes {
            end += size as usize;
            offsets.push(end);
        }
        let mut next = offsets.clone();
        let mut rows = vec![0; end];
        for (row, &c) in self.cluster_of.iter().enumerate() {
            if let Some(slot) = next.get_mut(c as usize) {
                if let Some(cell) = rows.get_mut(*slot) {
                    *cell = row;
                }
                *slot += 1;
            }
        }
        ClusterMembers { offsets, rows }
    }

    /// A result from per-row labels of any kind (each label one cluster),
    /// numbering clusters densely in order of first row.
    fn from_labels(labels: &[usize], splits: Vec<Split>, pairs_used: usize) -> ClusterResult {
        let mut id_of_label = vec![u32::MAX; labels.iter().max().map_or(0, |m| m + 1)];
        let mut sizes: Vec<u32> = Vec::new();
        let mut cluster_of = Vec::with_capacity(labels.len());
        for &label in labels {
            let Some(id) = id_of_label.get_mut(label) else { continue };
            if *id == u32::MAX {
                *id = u32::try_from(sizes.len()).unwrap_or(u32::MAX);
                sizes.push(0);
            }
            if let Some(size) = sizes.get_mut(*id as usize) {
                *size += 1;
            }
            cluster_of.push(*id);
        }
        ClusterResult { cluster_of, sizes, splits, pairs_used }
    }
}

/// Whether `weight` is at or above `threshold`; a NaN weight never is.
fn reaches(weight: f64, threshold: f64) -> bool {
    weight >= threshold
}

/// Whether a pair links two distinct rows in range at or above `threshold`.
fn usable(&(a, b, weight): &ScoredPair, rows: usize, threshold: f64) -> bool {
    reaches(weight, threshold) && a != b && a < rows && b < rows
}

/// Clusters `0..rows` by joining every pair with weight at or above
/// `threshold`. Pairs naming a row out of range, or the same row twice, are
/// ignored.
pub fn cluster(pairs: &[ScoredPair], rows: usize, threshold: f64) -> ClusterResult {
    let mut sets = UnionFind::new(rows);
    let mut pairs_used = 0;
    for pair in pairs.iter().filter(|p| usable(p, rows, threshold)) {
        sets.union(pair.0, pair.1);
        pairs_used += 1;
    }
    let roots: Vec<usize> = (0..rows).map(|row| sets.find(row)).collect();
    ClusterResult::from_labels(&roots, Vec::new(), pairs_used)
}

/// When and how strictly [`cluster_checked`] checks clusters for chains.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChainGuard {
    /// Clusters with more rows than this are checked. The default, 2,
    /// checks every cluster of three or more, the smallest that can chain;
    /// a check costs one score per member, cheap next to the scoring of
    /// the pairs.
    pub max_size_before_check: usize,
    /// How far above the threshold (in bits of match weight) a link must be
    /// to be strong. The default, 5, asks for 32 times the odds the
    /// threshold asks for.
    pub strong_margin: f64,
}

impl Default for ChainGuard {
    fn default() -> ChainGuard {
        ChainGuard { max_size_before_check: 2, strong_margin: 5.0 }
    }
}

/// A cluster being checked, shown to the caller's representative choice.
#[derive(Debug, Clone, Copy)]
pub struct Members<'a> {
    /// The cluster's rows, ascending.
    pub rows: &'a [usize],
    /// The links at or above the threshold among them.
    pub links: &'a [ScoredPair],
}

/// The default representative: the member whose links weigh most in total,
/// then the one with most links, then the lowest row (0 for no members).
pub fn best_linked(members: &Members<'_>) -> usize {
    let n = members.rows.len();
    let mut total = vec![0.0; n];
    let mut links = vec![0usize; n];
    for &(a, b, weight) in members.links {
        for end in [a, b] {
            if let Ok(i) = members.rows.binary_search(&end) {
                total[i] += weight;
                links[i] += 1;
            }
        }
    }
    let mut best = 0;
    for i in 1..n {
        if total[i] > total[best] || (total[i] == total[best] && links[i] > links[best]) {
            best = i;
        }
    }
    members.rows.get(best).copied().unwrap_or(0)
}

/// Clusters like [`cluster`], then splits chained clusters as the module
/// documentation describes.
///
/// `score(row, representative)` is the match weight of two rows, computed
/// on demand for rows the pairs may not include (the comparison vector of
/// the two records through [`super::score::Model::match_weight`]).
/// `representative` picks the row a cluster is checked against;
/// [`best_linked`] is the default, and a row outside the cluster falls back
/// to it.
pub fn cluster_checked<S, R>(
    pairs: &[ScoredPair],
    rows: usize,
    threshold: f64,
    guard: &ChainGuard,
    score: S,
    representative: R,
) -> ClusterResult
where
    S: FnMut(usize, usize) -> f64,
    R: FnMut(&Members<'_>) -> usize,
{
    let first = cluster(pairs, rows, threshold);
    let large: Vec<bool> = first.sizes.iter().map(|&s| s as usize > guard.max_size_before_check).collect();
    if !large.contains(&true) {
        return first;
    }
    let members = first.members();
    let links = LinksByCluster::new(pairs, rows, threshold, &first.cluster_of, &large);
    let mut checker = Checker {
        threshold,
        strong: threshold + guard.strong_margin,
        max_size: guard.max_size_before_check,
        score,
        representative,
        local: vec![usize::MAX; rows],
        labels: first.cluster_of.iter().map(|&c| c as usize).collect(),
        next_label: first.sizes.len(),
        splits: Vec::new(),
    };
    for (id, _) in large.iter().enumerate().filter(|(_, &l)| l) {
        let id = u32::try_from(id).unwrap_or(u32::MAX);
        checker.check(members.get(id), links.get(id));
    }
    let mut result = ClusterResult::from_labels(&checker.labels, checker.splits, first.pairs_used);
    for split in &mut result.splits {
        split.cluster = result.cluster_of.get(split.representative).copied().unwrap_or(u32::MAX);
    }
    result
}

/// The usable links of the clusters to be checked, grouped by cluster.
struct LinksByCluster {
    /// Cluster `c`'s links are `links[offsets[c]..offsets[c + 1]]`.
    offsets: Vec<usize>,
    links: Vec<ScoredPair>,
}

impl LinksByCluster {
    /// The usable links of every cluster `c` with `wanted[c]`.
    fn new(pairs: &[ScoredPair], rows: usize, threshold: f64, cluster_of: &[u32], wanted: &[bool]) -> LinksByCluster {
        let cluster_for = |pair: &ScoredPair| {
            let c = *cluster_of.get(pair.0)? as usize;
            (usable(pair, rows, threshold) && wanted.get(c) == Some(&true)).then_some(c)
        };
        // Two passes (count, then place) so the links land in one buffer.
        let mut offsets = vec![0; wanted.len() + 1];
        for c in pairs.iter().filter_map(cluster_for) {
            offsets[c + 1] += 1;
        }
        for c in 0..wanted.len() {
            offsets[c + 1] += offsets[c];
        }
        let mut next = offsets.clone();
        let mut links = vec![(0, 0, 0.0); offsets[wanted.len()]];
        for pair in pairs {
            if let Some(c) = cluster_for(pair) {
                links[next[c]] = *pair;
                next[c] += 1;
            }
        }
        LinksByCluster { offsets, links }
    }

    /// Cluster `id`'s links; empty for a cluster not wanted.
    fn get(&self, id: u32) -> &[ScoredPair] {
        let id = id as usize;
        match (self.offsets.get(id), self.offsets.get(id + 1)) {
            (Some(&start), Some(&end)) => self.links.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The chain guard's state while it works through the large clusters.
struct Checker<S, R> {
    threshold: f64,
    strong: f64,
    max_size: usize,
    score: S,
    representative: R,
    /// Each row's index in the group being looked at, `usize::MAX` outside
    /// it: a table-wide scratch array, so groups need no hash maps.
    local: Vec<usize>,
    /// Each row's cluster label; split-off groups get new labels from
    /// `next_label` on.
    labels: Vec<usize>,
    next_label: usize,
    splits: Vec<Split>,
}

/// A group of rows and the links among them.
type Group = (Vec<usize>, Vec<ScoredPair>);

impl<S, R> Checker<S, R>
where
    S: FnMut(usize, usize) -> f64,
    R: FnMut(&Members<'_>) -> usize,
{
    /// Checks one cluster, and whatever is split off it, until every group
    /// is small or passes.
    ///
    /// A long chain can lose one member per round, which on a giant
    /// component would cost quadratic time. So each cluster gets a budget
    /// of [`CHECK_BUDGET`] times its rows and links; a group checked past
    /// it is split at every weak link instead, without scores.
    fn check(&mut self, rows: &[usize], links: &[ScoredPair]) {
        let mut budget = CHECK_BUDGET.saturating_mul(rows.len() + links.len());
        let mut work: Vec<Group> = vec![(rows.to_vec(), links.to_vec())];
        while let Some((rows, links)) = work.pop() {
            if rows.len() <= self.max_size {
                continue;
            }
            let cost = rows.len() + links.len();
            let scored = cost <= budget;
            budget = budget.saturating_sub(cost);
            let representative = self.pick_representative(&rows, &links);
            let removed = self.weak_members(&rows, &links, representative, scored);
            if removed.is_empty() {
                continue;
            }
            // Scored: what was removed may still chain, so it is clustered
            // and checked again. Unscored: it is cut into its strong groups,
            // which are final.
            let regroup_at = if scored { self.threshold } else { self.strong };
            for group in self.regroup(&removed, &links, regroup_at) {
                for &row in &group.0 {
                    if let Some(label) = self.labels.get_mut(row) {
                        *label = self.next_label;
                    }
                }
                self.next_label += 1;
                if scored {
                    work.push(group);
                }
            }
            let reason = self.reason(representative, &removed, scored);
            self.splits.push(Split { cluster: 0, representative, removed, reason });
        }
    }

    /// The members to split off a group, ascending (empty if all may
    /// stay): those in a strong group other than the representative's of
    /// which some member scores below the threshold against the
    /// representative, or, without `scored`, all outside its strong group.
    fn weak_members(
        &mut self,
        rows: &[usize],
        links: &[ScoredPair],
        representative: usize,
        scored: bool,
    ) -> Vec<usize> {
        self.mark(rows);
        let mut strong = UnionFind::new(rows.len());
        for &(a, b, weight) in links {
            if let (Some(i), Some(j)) = (self.local_of(a), self.local_of(b)) {
                if weight >= self.strong {
                    strong.union(i, j);
                }
            }
        }
        let home = self.local_of(representative).map(|i| strong.find(i));
        self.unmark(rows);
        // fails[root]: some member of that strong group does not match the
        // representative. One score per member, none once a group fails.
        let mut fails = vec![false; rows.len()];
        for (i, &row) in rows.iter().enumerate() {
            let root = strong.find(i);
            if Some(root) == home || fails[root] {
                continue;
            }
            fails[root] = !scored || !reaches((self.score)(row, representative), self.threshold);
        }
        rows.iter().enumerate().filter(|&(i, _)| fails[strong.find(i)]).map(|(_, &row)| row).collect()
    }

    /// The caller's representative, if it is a member, else the
    /// best-linked member.
    fn pick_representative(&mut self, rows: &[usize], links: &[ScoredPair]) -> usize {
        let members = Members { rows, links };
        let chosen = (self.representative)(&members);
        if rows.binary_search(&chosen).is_ok() {
            chosen
        } else {
            best_linked(&members)
        }
    }

    /// Clusters `rows` (ascending) again by the links among them at or
    /// above `threshold`.
    fn regroup(&mut self, rows: &[usize], links: &[ScoredPair], threshold: f64) -> Vec<Group> {
        self.mark(rows);
        let mut sets = UnionFind::new(rows.len());
        for &(a, b, weight) in links {
            if let (Some(i), Some(j)) = (self.local_of(a), self.local_of(b)) {
                if weight >= threshold {
                    sets.union(i, j);
                }
            }
        }
        let mut group_of_root = vec![usize::MAX; rows.len()];
        let mut groups: Vec<Group> = Vec::new();
        for (i, &row) in rows.iter().enumerate() {
            let root = sets.find(i);
            if group_of_root[root] == usize::MAX {
                group_of_root[root] = groups.len();
                groups.push((Vec::new(), Vec::new()));
            }
            groups[group_of_root[root]].0.push(row);
        }
        for &link in links {
            if let (Some(i), Some(_)) = (self.local_of(link.0), self.local_of(link.1)) {
                if let Some(group) = groups.get_mut(group_of_root[sets.find(i)]) {
                    group.1.push(link);
                }
            }
        }
        self.unmark(rows);
        groups
    }

    /// Records each of `rows`' index in the group, for `local_of`.
    fn mark(&mut self, rows: &[usize]) {
        for (i, &row) in rows.iter().enumerate() {
            if let Some(slot) = self.local.get_mut(row) {
                *slot = i;
            }
        }
    }

    /// Clears what `mark` recorded, leaving the scratch array as it was.
    fn unmark(&mut self, rows: &[usize]) {
        for &row in rows {
            if let Some(slot) = self.local.get_mut(row) {
                *slot = usize::MAX;
            }
        }
    }

    /// `row`'s index in the marked group.
    fn local_of(&self, row: usize) -> Option<usize> {
        self.local.get(row).copied().filter(|&i| i != usize::MAX)
    }

    /// The words of a split's `reason`.
    fn reason(&self, representative: usize, removed: &[usize], scored: bool) -> String {
        let mut rows: Vec<String> = removed.iter().take(REASON_ROWS).map(usize::to_string).collect();
        if removed.len() > REASON_ROWS {
            rows.push(format!("and {} more", removed.len() - REASON_ROWS));
        }
        let rows = rows.join(", ");
        let (strong, threshold) = (self.strong, self.threshold);
        if scored {
            format!(
                "rows {rows} are linked to representative row {representative} only through links weaker than \
                 {strong:.2}, and not all of them score {threshold:.2} or more against it"
            )
        } else {
            format!(
                "rows {rows} are linked to representative row {representative} only through links weaker than \
                 {strong:.2}; the cluster chains too much to check row by row, so it was cut at every such link"
            )
        }
    }
}

/// The work [`cluster_checked`] may spend on one cluster, in rows and
/// links visited, per row and link of the cluster.
const CHECK_BUDGET: usize = 8;

/// Rows a split's reason names before it says "and N more".
const REASON_ROWS: usize = 10;

/// Weights binned for the threshold slider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// The lowest weight (0 when there are none).
    pub min: f64,
    /// The highest weight (0 when there are none).
    pub max: f64,
    /// Each bin's width; bin `i` holds `[min + i·width, min + (i+1)·width)`,
    /// the last bin also `max`. 0 when all weights are equal (all in bin 0).
    pub bin_width: f64,
    /// The number of weights in each bin.
    pub counts: Vec<usize>,
}

/// Bins the finite `weights` into `bins` equal bins from the lowest to the
/// highest. NaN and infinite weights are left out. `weights` is read twice
/// (range, then counts), hence the `Clone` iterator:
/// `histogram(pairs.iter().map(|p| p.2), 50)`.
pub fn histogram<I>(weights: I, bins: usize) -> Histogram
where
    I: IntoIterator<Item = f64>,
    I::IntoIter: Clone,
{
    let weights = weights.into_iter().filter(|w| w.is_finite());
    let (min, max) = weights.clone().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), w| (lo.min(w), hi.max(w)));
    let (min, max) = if min <= max { (min, max) } else { (0.0, 0.0) };
    let mut counts = vec![0; bins];
    let bin_width = if bins == 0 { 0.0 } else { (max - min) / bins as f64 };
    for w in weights {
        // `as usize` saturates, and the `min` keeps `max` in the last bin.
        let bin = if bin_width > 0.0 { (((w - min) / bin_width) as usize).min(bins - 1) } else { 0 };
        if let Some(count) = counts.get_mut(bin) {
            *count += 1;
        }
    }
    Histogram { min, max, bin_width, counts }
}

/// For each threshold, in the order given: `(threshold, clusters of two
/// rows or more, rows merged away)`, where rows merged away is `rows` minus
/// the number of clusters (the rows a merge would remove).
///
/// One sort of the pairs by weight, then one union-find pass from the
/// heaviest pair down, reading off the counts as each threshold is crossed:
/// O(p log p + t log t) rather than a clustering per threshold.
pub fn clusters_at_thresholds(pairs: &[ScoredPair], rows: usize, thresholds: &[f64]) -> Vec<(f64, usize, usize)> {
    // Pairs under the lowest threshold never join anything: leaving them
    // out of the sort keeps it to the few likely matches, not every
    // candidate pair (millions, most of them far below).
    let lowest = thresholds.iter().copied().filter(|t| !t.is_nan()).fold(f64::INFINITY, f64::min);
    let mut order: Vec<usize> = (0..pairs.len()).filter(|&i| usable(&pairs[i], rows, lowest)).collect();
    order.sort_unstable_by(|&i, &j| pairs[j].2.total_cmp(&pairs[i].2));
    let mut by_threshold: Vec<usize> = (0..thresholds.len()).collect();
    by_threshold.sort_unstable_by(|&i, &j| thresholds[j].total_cmp(&thresholds[i]));

    let mut out = vec![(0.0, 0, 0); thresholds.len()];
    let mut sets = UnionFind::new(rows);
    let (mut next, mut multi, mut merged) = (0, 0usize, 0usize);
    for t in by_threshold {
        let threshold = thresholds[t];
        while let Some(&(a, b, weight)) = order.get(next).and_then(|&i| pairs.get(i)) {
            if !reaches(weight, threshold) {
                break;
            }
            next += 1;
            if let Some((sa, sb)) = sets.merge(a, b) {
                // Two sets become one multi-row cluster; any multi-row ones
                // among them stop counting on their own.
                multi = multi + 1 - usize::from(sa > 1) - usize::from(sb > 1);
                merged += 1;
            }
        }
        // A NaN threshold admits no pair at all, whatever came before it.
        out[t] = if threshold.is_nan() { (threshold, 0, 0) } else { (threshold, multi, merged) };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedupe::score::SplitMix64;

    #[test]
    fn union_find() {
        let mut sets = UnionFind::new(5);
        assert!(sets.union(0, 1) && sets.union(3, 4) && sets.union(1, 4));
        assert!(!sets.union(0, 3));
        assert_eq!(sets.size_of(4), 4);
        assert_eq!(sets.find(0), sets.find(3));
        assert_ne!(sets.find(2), sets.find(0));
        // Out of range: a singleton of its own, never joined.
        assert!(!sets.union(2, 9));
        assert_eq!((sets.find(9), sets.size_of(9)), (9, 1));
    }

    #[test]
    fn simple_components() {
        let pairs = [(0, 1, 5.0), (2, 1, 5.0), (3, 4, 5.0), (5, 6, 1.0), (6, 6, 9.0), (7, 99, 9.0), (5, 7, f64::NAN)];
        let result = cluster(&pairs, 8, 2.0);
        assert_eq!(result.cluster_of, vec![0, 0, 0, 1, 1, 2, 3, 4]);
        assert_eq!(result.sizes, vec![3, 2, 1, 1, 1]);
        assert_eq!((result.pairs_used, result.multi_row_clusters(), result.clusters()), (3, 2, 5));
        assert!(result.splits.is_empty());
        let members = result.members();
        assert_eq!(members.get(0), &[0, 1, 2]);
        assert_eq!(members.get(4), &[7]);
        assert_eq!(members.iter().count(), 5);
        assert!(members.get(99).is_empty());
        // The threshold is inclusive.
        assert_eq!(cluster(&pairs, 8, 1.0).sizes, vec![3, 2, 2, 1]);
    }

    #[test]
    fn no_rows() {
        let result = cluster(&[(0, 1, 9.0)], 0, 0.0);
        assert!(result.cluster_of.is_empty() && result.sizes.is_empty());
        assert_eq!(result.pairs_used, 0);
    }

    /// A–B strong, B–C weak, C–D strong; A and D nothing alike.
    fn chain() -> (Vec<ScoredPair>, impl Fn(usize, usize) -> f64) {
        let pairs = vec![(0, 1, 12.0), (1, 2, 5.0), (2, 3, 12.0)];
        let score = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (0, 1) | (2, 3) => 12.0,
            (1, 2) => 5.0,
            (0, 2) => -2.0,
            (1, 3) => -10.0,
            _ => -15.0,
        };
        (pairs, score)
    }

    #[test]
    fn chain_is_split_at_the_weak_link() {
        let (pairs, score) = chain();
        assert_eq!(cluster(&pairs, 4, 4.0).sizes, vec![4]);
        let result = cluster_checked(&pairs, 4, 4.0, &ChainGuard::default(), score, best_linked);
        // B and C tie on total weight and links; B is the lower row.
        assert_eq!(result.cluster_of, vec![0, 0, 1, 1]);
        assert_eq!(result.sizes, vec![2, 2]);
        assert_eq!(result.splits.len(), 1);
        let split = &result.splits[0];
        assert_eq!((split.cluster, split.representative, split.removed.as_slice()), (0, 1, &[2, 3][..]));
        assert!(split.reason.contains("representative row 1"), "{}", split.reason);
        assert_eq!(result.pairs_used, 3);
    }

    #[test]
    fn caller_chooses_the_representative() {
        let (pairs, score) = chain();
        let result = cluster_checked(&pairs, 4, 4.0, &ChainGuard::default(), score, |_: &Members| 3);
        assert_eq!(result.cluster_of, vec![0, 0, 1, 1]);
        assert_eq!((result.splits[0].cluster, result.splits[0].removed.as_slice()), (1, &[0, 1][..]));
        // A row outside the cluster falls back to the best-linked member.
        let (pairs, score) = chain();
        let result = cluster_checked(&pairs, 4, 4.0, &ChainGuard::default(), score, |_: &Members| 77);
        assert_eq!(result.splits[0].representative, 1);
    }

    #[test]
    fn small_clusters_are_not_checked() {
        let (pairs, score) = chain();
        let guard = ChainGuard { max_size_before_check: 4, ..ChainGuard::default() };
        let result = cluster_checked(&pairs, 4, 4.0, &guard, score, best_linked);
        assert_eq!(result.sizes, vec![4]);
        assert!(result.splits.is_empty());
    }

    #[test]
    fn consistent_clusters_are_kept() {
        // Weak links all round, but everyone matches the representative.
        let pairs = [(0, 1, 6.0), (1, 2, 6.0), (2, 3, 6.0)];
        let result = cluster_checked(&pairs, 4, 4.0, &ChainGuard::default(), |_, _| 6.0, best_linked);
        assert_eq!(result.sizes, vec![4]);
        assert!(result.splits.is_empty());
        // A member that does not match the representative but is strongly
        // linked to it stays: strong links are trusted.
        let pairs = [(0, 1, 20.0), (1, 2, 20.0)];
        let result = cluster_checked(&pairs, 3, 4.0, &ChainGuard::default(), |_, _| -30.0, best_linked);
        assert_eq!(result.sizes, vec![3]);
    }

    #[test]
    fn lone_weak_member_is_split_off_and_split_groups_are_rechecked() {
        // 0–1–2 strong core; 3 hangs on by a weak link and is not like 1;
        // 4–5–6 hang on 3 by weak links and form a chain of their own.
        let pairs = [(0, 1, 20.0), (1, 2, 20.0), (2, 3, 5.0), (3, 4, 5.0), (4, 5, 5.0), (5, 6, 5.0)];
        let score = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (x, y) if x <= 2 && y <= 2 => 20.0,
            (x, y) if (4..=6).contains(&x) && (4..=6).contains(&y) => 6.0,
            _ => -20.0,
        };
        let result = cluster_checked(&pairs, 7, 4.0, &ChainGuard::default(), score, best_linked);
        assert_eq!(result.cluster_of, vec![0, 0, 0, 1, 2, 2, 2]);
        assert_eq!(result.splits.len(), 2);
        assert_eq!(result.splits[0].removed, vec![3, 4, 5, 6]);
        // The split-off chain 3–4–5–6 is checked again, against 4 (tied
        // with 5, the lower row): 3 is not like 4.
        assert_eq!((result.splits[1].representative, result.splits[1].removed.as_slice()), (4, &[3][..]));
        assert_eq!(result.splits[1].cluster, 2);
        let members = result.members();
        assert_eq!(members.iter().collect::<Vec<_>>(), vec![&[0, 1, 2][..], &[3][..], &[4, 5, 6][..]]);
        assert_eq!(result.sizes, vec![3, 1, 3]);
    }

    #[test]
    fn giant_chains_cost_linear_time() {
        // 0–1–2–…–1999, every link weak, nobody like anybody: checked row by
        // row this would take two million scores.
        let rows = 2000;
        let pairs: Vec<ScoredPair> = (1..rows).map(|i| (i - 1, i, 5.0)).collect();
        let calls = std::cell::Cell::new(0);
        let score = |_, _| {
            calls.set(calls.get() + 1);
            -20.0
        };
        let result = cluster_checked(&pairs, rows, 4.0, &ChainGuard::default(), score, best_linked);
        assert!(calls.get() <= CHECK_BUDGET * (2 * rows), "{} scores", calls.get());
        assert_eq!(result.clusters(), rows);
        let last = result.splits.last().unwrap();
        assert!(last.reason.contains("cut at every such link") && last.reason.contains("more"), "{}", last.reason);
    }

    #[test]
    fn histogram_bins() {
        let h = histogram([0.0, 1.0, 2.5, 9.99, 10.0, f64::NAN, f64::INFINITY], 5);
        assert_eq!((h.min, h.max, h.bin_width), (0.0, 10.0, 2.0));
        assert_eq!(h.counts, vec![2, 1, 0, 0, 2]);
        let h = histogram(std::iter::empty(), 3);
        assert_eq!((h.min, h.max, h.counts), (0.0, 0.0, vec![0, 0, 0]));
        let h = histogram([4.0, 4.0], 3);
        assert_eq!(h.counts, vec![2, 0, 0]);
        assert!(histogram([1.0], 0).counts.is_empty());
        let pairs = [(0, 1, 1.0), (1, 2, 3.0)];
        assert_eq!(histogram(pairs.iter().map(|p| p.2), 2).counts, vec![1, 1]);
    }

    #[test]
    fn thresholds_match_a_brute_force_recount() {
        let mut rng = SplitMix64::new(1);
        let rows = 300;
        let pairs: Vec<ScoredPair> = (0..600)
            .map(|_| {
                let (a, b) = (rng.below(rows as u64) as usize, rng.below(rows as u64) as usize);
                (a, b, (rng.next_f64() * 40.0 - 20.0).round())
            })
            .chain([(0, 400, 50.0), (5, 6, f64::NAN)])
            .collect();
        let thresholds = [10.0, -25.0, 0.0, 30.0, 5.0, 5.0, -3.5, f64::NAN, 19.0];
        let fast = clusters_at_thresholds(&pairs, rows, &thresholds);
        for (&t, &(got_t, multi, merged)) in thresholds.iter().zip(&fast) {
            let slow = cluster(&pairs, rows, t);
            assert!(got_t == t || (got_t.is_nan() && t.is_nan()));
            assert_eq!((multi, merged), (slow.multi_row_clusters(), rows - slow.clusters()), "threshold {t}");
        }
        assert!(fast[1].2 > fast[0].2);
    }
}
