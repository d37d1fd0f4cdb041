// Test files shared by more than one browser test.

/**
 * 49 data rows: 30 distinct contacts (rows 1-30); namesakes of some of them,
 * nothing else in common (31-38); colleagues sharing a switchboard number
 * (39-44); sure duplicates of rows 1, 10 and 18, same email and phone, the
 * name in capitals (45-47); and one pair the core is unsure about (48, 49:
 * same name and company, no email, different phones; match probability about
 * 0.89, between review_from 0.5 and the threshold 0.99). The namesakes and
 * colleagues give the model non-matches to learn from.
 */
export function dedupeCsv() {
  const rows = [['name', 'company', 'email', 'phone', 'city']];
  const given = ['Oliver', 'Amelia', 'Henry', 'Isla', 'Jack', 'Freya', 'Leo', 'Ivy', 'Oscar', 'Rosie', 'Arthur', 'Ella', 'Theo', 'Grace', 'Noah', 'Lily', 'Ethan', 'Chloe', 'Lucas', 'Zoe', 'Mason', 'Ruby', 'Logan', 'Mia', 'Harry', 'Evie', 'Jacob', 'Poppy', 'Charlie', 'Daisy'];
  const family = ['Walker', 'Hughes', 'Patel', 'Baker', 'Turner', 'Collins', 'Bennett', 'Foster', 'Reid', 'Knight', 'Mills', 'Palmer', 'Shaw', 'Lloyd', 'Marsh', 'Dixon', 'Hayes', 'Webb', 'Price', 'Cole', 'Burns', 'Grant', 'Hart', 'Fox', 'Ward', 'Byrne', 'Quinn', 'Lowe', 'Nash', 'Rowe'];
  const companies = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka', 'Gringotts', 'Monarch', 'Oscorp', 'Duff', 'Krusty', 'Nakatomi', 'Prestige', 'Sirius'];
  const cities = ['London', 'Leeds', 'Bristol', 'York', 'Bath', 'Derby', 'Hull', 'Ely'];
  const phone = (n) => `+44 20 7946 ${String(n).padStart(4, '0')}`;
  const N = given.length;
  for (let i = 0; i < N; i++) {
    const g = given[i];
    const f = family[(i * 7) % family.length];
    rows.push([`${g} ${f}`, `${companies[i % companies.length]} Ltd`, `${g}.${f}@example${i % 3}.com`.toLowerCase(), phone(1000 + i * 37), cities[i % cities.length]]);
  }
  // Namesakes: the same name, nothing else in common (not duplicates).
  for (let i = 0; i < 8; i++) {
    const [name] = rows[1 + i * 3];
    rows.push([name, `${companies[(i * 3 + 7) % companies.length]} plc`, `${name.split(' ')[0].toLowerCase()}${i}@mail${i}.net`, phone(5000 + i * 91), cities[(i * 3 + 4) % cities.length]]);
  }
  // Colleagues on one switchboard: same phone, different people (not duplicates).
  for (let i = 0; i < 6; i++) {
    const src = rows[2 + i * 4];
    const g = given[(i * 5 + 3) % N];
    const f = family[(i * 11 + 5) % family.length];
    rows.push([`${g} ${f}`, src[1], `${g}.${f}@corp${i}.org`.toLowerCase(), src[3], src[4]]);
  }
  // Sure duplicates: the same email and phone, the name in capitals.
  for (const i of [0, 9, 17]) rows.push([rows[1 + i][0].toUpperCase(), rows[1 + i][1], rows[1 + i][2], rows[1 + i][3], rows[1 + i][4]]);
  // Maybe the same customer (rows 48, 49): same name and company, no email, another phone.
  rows.push(['Sophie Turnbull', 'Bluebird Consulting', '', phone(777), '']);
  rows.push(['Sophie Turnbull', 'Bluebird Consulting', '', phone(9878), '']);
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
