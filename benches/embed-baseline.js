// An empty module. benches/embed-bench.html imports it first, so the fixed
// cost of a page's first dynamic import (which an empty module pays as much
// as crm-validate.js: 27–93 ms on the benchmark machine) is measured apart
// from the validator's own start-up.
export const baseline = true;
