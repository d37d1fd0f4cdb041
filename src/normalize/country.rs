//! Countries: any common way of writing a country, turned into its ISO 3166-1
//! alpha-2 code.
//!
//! [`country_code`] accepts alpha-2 and alpha-3 codes in any case (`cn`,
//! `CHN`), the English short name of every one of the 249 ISO 3166-1
//! entries, the usual English variants (`PRC`, `U.S.A.`, `UK`, `England`,
//! `Holland`, `Korea, Republic of`, `Ivory Coast`, …) and Chinese names in
//! simplified characters, with traditional ones for the places CRM files
//! most often hold (`中国`, `中国大陆`, `美國`, `中国香港`, `台灣`, …).
//!
//! Matching ignores case, accents, dots, apostrophes, other punctuation,
//! extra spaces and the word `the`, so `the Netherlands`, `U. S. A.`,
//! `Cote d'Ivoire` and `中国(香港)` all match. Nothing is allocated: the
//! comparison key is built on the stack and looked up by binary search in
//! static tables.
//!
//! Some deliberate choices: `Korea` is South Korea, `Congo` is the Republic
//! of the Congo (`CG`, its ISO short name), `England`, `Scotland`, `Wales`
//! and `Northern Ireland` are `GB`, and `Hong Kong`, `Macao` and `Taiwan`
//! keep their own codes, also when written `中国香港`, `中国澳门` or
//! `中国台湾`.

/// The ISO 3166-1 alpha-2 code for `value`, or `None` if it is not a
/// country name or code this module knows.
///
/// `value` may be an alpha-2 code (`CN`, `us`), an alpha-3 code (`CHN`,
/// `USA`, `GBR`, `DEU`), an English name or common variant (`China`,
/// `People's Republic of China`, `United States`, `U.S.A.`, `America`,
/// `Great Britain`, `England`, `Deutschland`, `South Korea`, `Brasil`) or a
/// Chinese name (`中国`, `中华人民共和国`, `美国`, `中国香港`, `台湾`). See
/// the module documentation for how the comparison works.
pub fn country_code(value: &str) -> Option<&'static str> {
    let bytes = value.as_bytes();
    if bytes.len() == 2 && bytes.iter().all(u8::is_ascii_alphabetic) {
        if let Some(code) = alpha2(bytes) {
            return Some(code);
        }
    }
    let mut buf = [0; KEY_CAP];
    let key = name_key(value, &mut buf)?;
    let key_bytes = key.as_bytes();
    if key_bytes.iter().all(u8::is_ascii_alphabetic) {
        match key_bytes.len() {
            2 => {
                if let Some(code) = alpha2(key_bytes) {
                    return Some(code);
                }
            }
            3 => {
                if let Some(code) = alpha3(key_bytes) {
                    return Some(code);
                }
            }
            _ => {}
        }
    }
    NAMES.binary_search_by(|&(k, _)| k.cmp(key)).ok().and_then(|i| NAMES.get(i)).map(|&(_, code)| code)
}

/// The English short name of the country with alpha-2 code `code` (any
/// case): `CN` gives `China`, `gb` gives `United Kingdom`. `None` for
/// anything that is not an assigned alpha-2 code.
pub fn country_name_en(code: &str) -> Option<&'static str> {
    let bytes = code.as_bytes();
    if bytes.len() != 2 {
        return None;
    }
    country_index(bytes).and_then(|i| COUNTRIES.get(i)).map(|&(_, _, name)| name)
}

/// Position in [`COUNTRIES`] of alpha-2 code `code`, compared without regard
/// to ASCII case.
fn country_index(code: &[u8]) -> Option<usize> {
    COUNTRIES.binary_search_by(|&(a2, _, _)| cmp_upper(a2.as_bytes(), code)).ok()
}

/// The canonical (static) form of alpha-2 code `code`, if it is one.
fn alpha2(code: &[u8]) -> Option<&'static str> {
    country_index(code).and_then(|i| COUNTRIES.get(i)).map(|&(a2, _, _)| a2)
}

/// The alpha-2 code for alpha-3 code `code`, if it is one.
fn alpha3(code: &[u8]) -> Option<&'static str> {
    ALPHA3
        .binary_search_by(|&(a3, _)| cmp_upper(a3.as_bytes(), code))
        .ok()
        .and_then(|i| ALPHA3.get(i))
        .map(|&(_, a2)| a2)
}

/// Compares an upper-case table entry with `probe` as if `probe` were upper
/// case too.
fn cmp_upper(entry: &[u8], probe: &[u8]) -> std::cmp::Ordering {
    entry.iter().copied().cmp(probe.iter().map(u8::to_ascii_uppercase))
}

/// Room for a comparison key; no country name comes close.
const KEY_CAP: usize = 96;

/// Builds the comparison key for `value` in `buf`: lower case, accents
/// folded to ASCII (`ô` → `o`, `ß` → `ss`), dots and apostrophes dropped,
/// `&` read as `and`, any other punctuation or space splitting words, the
/// word `the` dropped, and words joined by one space when both sides are
/// ASCII letters or digits and by nothing otherwise (so Chinese names come
/// out without spaces). `None` if the key does not fit in `buf`.
///
/// The keys in [`NAMES`] were made by this same procedure.
fn name_key<'b>(value: &str, buf: &'b mut [u8; KEY_CAP]) -> Option<&'b str> {
    let mut key = KeyWriter { buf, len: 0, word: None };
    for c in value.chars() {
        for c in c.to_lowercase() {
            match c {
                '.' | '\'' | '`' | '\u{2019}' | '\u{02BC}' | '\u{0300}'..='\u{036F}' => {}
                '&' => {
                    key.end_word();
                    key.push_str("and")?;
                    key.end_word();
                }
                _ => match fold(c) {
                    Some(ascii) => key.push_str(ascii)?,
                    None if c.is_alphanumeric() => key.push(c)?,
                    None => key.end_word(),
                },
            }
        }
    }
    key.end_word();
    let len = key.len;
    std::str::from_utf8(buf.get(..len)?).ok()
}

/// The ASCII spelling of a lower-case accented Latin letter, if it has an
/// obvious one (`é` → `e`, `ß` → `ss`, `æ` → `ae`). Also used for company
/// comparison keys.
pub(crate) fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ĕ' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ĩ' => "i",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ũ' => "u",
        'ý' | 'ÿ' => "y",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ř' => "r",
        'ť' | 'ţ' | 'ț' => "t",
        'ğ' => "g",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'þ' => "th",
        _ => return None,
    })
}

/// Writes a comparison key into a fixed buffer, word by word.
struct KeyWriter<'b> {
    /// The key so far, in `buf[..len]`.
    buf: &'b mut [u8; KEY_CAP],
    /// Bytes of `buf` in use.
    len: usize,
    /// For the word being written: where it starts, and where the key ended
    /// before it (and its joining space) began.
    word: Option<(usize, usize)>,
}

impl KeyWriter<'_> {
    /// Appends `c` to the current word, starting a new word if needed.
    fn push(&mut self, c: char) -> Option<()> {
        if self.word.is_none() {
            let before = self.len;
            let last_alnum = self.len > 0 && self.buf.get(self.len - 1).is_some_and(u8::is_ascii_alphanumeric);
            if last_alnum && c.is_ascii_alphanumeric() {
                self.write(" ")?;
            }
            self.word = Some((self.len, before));
        }
        self.write(c.encode_utf8(&mut [0; 4]))
    }

    /// Appends each character of `s` with [`KeyWriter::push`].
    fn push_str(&mut self, s: &str) -> Option<()> {
        s.chars().try_for_each(|c| self.push(c))
    }

    /// Ends the current word, taking it back out if it is `the`.
    fn end_word(&mut self) {
        if let Some((start, before)) = self.word.take() {
            if self.buf.get(start..self.len) == Some(b"the".as_slice()) {
                self.len = before;
            }
        }
    }

    /// Copies `s` into the buffer.
    fn write(&mut self, s: &str) -> Option<()> {
        let end = self.len + s.len();
        self.buf.get_mut(self.len..end)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Some(())
    }
}

/// Every ISO 3166-1 country: alpha-2, alpha-3 and English short name,
/// sorted by alpha-2.
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("AD", "AND", "Andorra"),
    ("AE", "ARE", "United Arab Emirates"),
    ("AF", "AFG", "Afghanistan"),
    ("AG", "ATG", "Antigua and Barbuda"),
    ("AI", "AIA", "Anguilla"),
    ("AL", "ALB", "Albania"),
    ("AM", "ARM", "Armenia"),
    ("AO", "AGO", "Angola"),
    ("AQ", "ATA", "Antarctica"),
    ("AR", "ARG", "Argentina"),
    ("AS", "ASM", "American Samoa"),
    ("AT", "AUT", "Austria"),
    ("AU", "AUS", "Australia"),
    ("AW", "ABW", "Aruba"),
    ("AX", "ALA", "Åland Islands"),
    ("AZ", "AZE", "Azerbaijan"),
    ("BA", "BIH", "Bosnia and Herzegovina"),
    ("BB", "BRB", "Barbados"),
    ("BD", "BGD", "Bangladesh"),
    ("BE", "BEL", "Belgium"),
    ("BF", "BFA", "Burkina Faso"),
    ("BG", "BGR", "Bulgaria"),
    ("BH", "BHR", "Bahrain"),
    ("BI", "BDI", "Burundi"),
    ("BJ", "BEN", "Benin"),
    ("BL", "BLM", "Saint Barthélemy"),
    ("BM", "BMU", "Bermuda"),
    ("BN", "BRN", "Brunei"),
    ("BO", "BOL", "Bolivia"),
    ("BQ", "BES", "Caribbean Netherlands"),
    ("BR", "BRA", "Brazil"),
    ("BS", "BHS", "Bahamas"),
    ("BT", "BTN", "Bhutan"),
    ("BV", "BVT", "Bouvet Island"),
    ("BW", "BWA", "Botswana"),
    ("BY", "BLR", "Belarus"),
    ("BZ", "BLZ", "Belize"),
    ("CA", "CAN", "Canada"),
    ("CC", "CCK", "Cocos (Keeling) Islands"),
    ("CD", "COD", "Democratic Republic of the Congo"),
    ("CF", "CAF", "Central African Republic"),
    ("CG", "COG", "Congo"),
    ("CH", "CHE", "Switzerland"),
    ("CI", "CIV", "Côte d'Ivoire"),
    ("CK", "COK", "Cook Islands"),
    ("CL", "CHL", "Chile"),
    ("CM", "CMR", "Cameroon"),
    ("CN", "CHN", "China"),
    ("CO", "COL", "Colombia"),
    ("CR", "CRI", "Costa Rica"),
    ("CU", "CUB", "Cuba"),
    ("CV", "CPV", "Cabo Verde"),
    ("CW", "CUW", "Curaçao"),
    ("CX", "CXR", "Christmas Island"),
    ("CY", "CYP", "Cyprus"),
    ("CZ", "CZE", "Czechia"),
    ("DE", "DEU", "Germany"),
    ("DJ", "DJI", "Djibouti"),
    ("DK", "DNK", "Denmark"),
    ("DM", "DMA", "Dominica"),
    ("DO", "DOM", "Dominican Republic"),
    ("DZ", "DZA", "Algeria"),
    ("EC", "ECU", "Ecuador"),
    ("EE", "EST", "Estonia"),
    ("EG", "EGY", "Egypt"),
    ("EH", "ESH", "Western Sahara"),
    ("ER", "ERI", "Eritrea"),
    ("ES", "ESP", "Spain"),
    ("ET", "ETH", "Ethiopia"),
    ("FI", "FIN", "Finland"),
    ("FJ", "FJI", "Fiji"),
    ("FK", "FLK", "Falkland Islands"),
    ("FM", "FSM", "Micronesia"),
    ("FO", "FRO", "Faroe Islands"),
    ("FR", "FRA", "France"),
    ("GA", "GAB", "Gabon"),
    ("GB", "GBR", "United Kingdom"),
    ("GD", "GRD", "Grenada"),
    ("GE", "GEO", "Georgia"),
    ("GF", "GUF", "French Guiana"),
    ("GG", "GGY", "Guernsey"),
    ("GH", "GHA", "Ghana"),
    ("GI", "GIB", "Gibraltar"),
    ("GL", "GRL", "Greenland"),
    ("GM", "GMB", "Gambia"),
    ("GN", "GIN", "Guinea"),
    ("GP", "GLP", "Guadeloupe"),
    ("GQ", "GNQ", "Equatorial Guinea"),
    ("GR", "GRC", "Greece"),
    ("GS", "SGS", "South Georgia and the South Sandwich Islands"),
    ("GT", "GTM", "Guatemala"),
    ("GU", "GUM", "Guam"),
    ("GW", "GNB", "Guinea-Bissau"),
    ("GY", "GUY", "Guyana"),
    ("HK", "HKG", "Hong Kong"),
    ("HM", "HMD", "Heard Island and McDonald Islands"),
    ("HN", "HND", "Honduras"),
    ("HR", "HRV", "Croatia"),
    ("HT", "HTI", "Haiti"),
    ("HU", "HUN", "Hungary"),
    ("ID", "IDN", "Indonesia"),
    ("IE", "IRL", "Ireland"),
    ("IL", "ISR", "Israel"),
    ("IM", "IMN", "Isle of Man"),
    ("IN", "IND", "India"),
    ("IO", "IOT", "British Indian Ocean Territory"),
    ("IQ", "IRQ", "Iraq"),
    ("IR", "IRN", "Iran"),
    ("IS", "ISL", "Iceland"),
    ("IT", "ITA", "Italy"),
    ("JE", "JEY", "Jersey"),
    ("JM", "JAM", "Jamaica"),
    ("JO", "JOR", "Jordan"),
    ("JP", "JPN", "Japan"),
    ("KE", "KEN", "Kenya"),
    ("KG", "KGZ", "Kyrgyzstan"),
    ("KH", "KHM", "Cambodia"),
    ("KI", "KIR", "Kiribati"),
    ("KM", "COM", "Comoros"),
    ("KN", "KNA", "Saint Kitts and Nevis"),
    ("KP", "PRK", "North Korea"),
    ("KR", "KOR", "South Korea"),
    ("KW", "KWT", "Kuwait"),
    ("KY", "CYM", "Cayman Islands"),
    ("KZ", "KAZ", "Kazakhstan"),
    ("LA", "LAO", "Laos"),
    ("LB", "LBN", "Lebanon"),
    ("LC", "LCA", "Saint Lucia"),
    ("LI", "LIE", "Liechtenstein"),
    ("LK", "LKA", "Sri Lanka"),
    ("LR", "LBR", "Liberia"),
    ("LS", "LSO", "Lesotho"),
    ("LT", "LTU", "Lithuania"),
    ("LU", "LUX", "Luxembourg"),
    ("LV", "LVA", "Latvia"),
    ("LY", "LBY", "Libya"),
    ("MA", "MAR", "Morocco"),
    ("MC", "MCO", "Monaco"),
    ("MD", "MDA", "Moldova"),
    ("ME", "MNE", "Montenegro"),
    ("MF", "MAF", "Saint Martin"),
    ("MG", "MDG", "Madagascar"),
    ("MH", "MHL", "Marshall Islands"),
    ("MK", "MKD", "North Macedonia"),
    ("ML", "MLI", "Mali"),
    ("MM", "MMR", "Myanmar"),
    ("MN", "MNG", "Mongolia"),
    ("MO", "MAC", "Macao"),
    ("MP", "MNP", "Northern Mariana Islands"),
    ("MQ", "MTQ", "Martinique"),
    ("MR", "MRT", "Mauritania"),
    ("MS", "MSR", "Montserrat"),
    ("MT", "MLT", "Malta"),
    ("MU", "MUS", "Mauritius"),
    ("MV", "MDV", "Maldives"),
    ("MW", "MWI", "Malawi"),
    ("MX", "MEX", "Mexico"),
    ("MY", "MYS", "Malaysia"),
    ("MZ", "MOZ", "Mozambique"),
    ("NA", "NAM", "Namibia"),
    ("NC", "NCL", "New Caledonia"),
    ("NE", "NER", "Niger"),
    ("NF", "NFK", "Norfolk Island"),
    ("NG", "NGA", "Nigeria"),
    ("NI", "NIC", "Nicaragua"),
    ("NL", "NLD", "Netherlands"),
    ("NO", "NOR", "Norway"),
    ("NP", "NPL", "Nepal"),
    ("NR", "NRU", "Nauru"),
    ("NU", "NIU", "Niue"),
    ("NZ", "NZL", "New Zealand"),
    ("OM", "OMN", "Oman"),
    ("PA", "PAN", "Panama"),
    ("PE", "PER", "Peru"),
    ("PF", "PYF", "French Polynesia"),
    ("PG", "PNG", "Papua New Guinea"),
    ("PH", "PHL", "Philippines"),
    ("PK", "PAK", "Pakistan"),
    ("PL", "POL", "Poland"),
    ("PM", "SPM", "Saint Pierre and Miquelon"),
    ("PN", "PCN", "Pitcairn Islands"),
    ("PR", "PRI", "Puerto Rico"),
    ("PS", "PSE", "Palestine"),
    ("PT", "PRT", "Portugal"),
    ("PW", "PLW", "Palau"),
    ("PY", "PRY", "Paraguay"),
    ("QA", "QAT", "Qatar"),
    ("RE", "REU", "Réunion"),
    ("RO", "ROU", "Romania"),
    ("RS", "SRB", "Serbia"),
    ("RU", "RUS", "Russia"),
    ("RW", "RWA", "Rwanda"),
    ("SA", "SAU", "Saudi Arabia"),
    ("SB", "SLB", "Solomon Islands"),
    ("SC", "SYC", "Seychelles"),
    ("SD", "SDN", "Sudan"),
    ("SE", "SWE", "Sweden"),
    ("SG", "SGP", "Singapore"),
    ("SH", "SHN", "Saint Helena"),
    ("SI", "SVN", "Slovenia"),
    ("SJ", "SJM", "Svalbard and Jan Mayen"),
    ("SK", "SVK", "Slovakia"),
    ("SL", "SLE", "Sierra Leone"),
    ("SM", "SMR", "San Marino"),
    ("SN", "SEN", "Senegal"),
    ("SO", "SOM", "Somalia"),
    ("SR", "SUR", "Suriname"),
    ("SS", "SSD", "South Sudan"),
    ("ST", "STP", "São Tomé and Príncipe"),
    ("SV", "SLV", "El Salvador"),
    ("SX", "SXM", "Sint Maarten"),
    ("SY", "SYR", "Syria"),
    ("SZ", "SWZ", "Eswatini"),
    ("TC", "TCA", "Turks and Caicos Islands"),
    ("TD", "TCD", "Chad"),
    ("TF", "ATF", "French Southern Territories"),
    ("TG", "TGO", "Togo"),
    ("TH", "THA", "Thailand"),
    ("TJ", "TJK", "Tajikistan"),
    ("TK", "TKL", "Tokelau"),
    ("TL", "TLS", "Timor-Leste"),
    ("TM", "TKM", "Turkmenistan"),
    ("TN", "TUN", "Tunisia"),
    ("TO", "TON", "Tonga"),
    ("TR", "TUR", "Türkiye"),
    ("TT", "TTO", "Trinidad and Tobago"),
    ("TV", "TUV", "Tuvalu"),
    ("TW", "TWN", "Taiwan"),
    ("TZ", "TZA", "Tanzania"),
    ("UA", "UKR", "Ukraine"),
    ("UG", "UGA", "Uganda"),
    ("UM", "UMI", "United States Minor Outlying Islands"),
    ("US", "USA", "United States"),
    ("UY", "URY", "Uruguay"),
    ("UZ", "UZB", "Uzbekistan"),
    ("VA", "VAT", "Vatican City"),
    ("VC", "VCT", "Saint Vincent and the Grenadines"),
    ("VE", "VEN", "Venezuela"),
    ("VG", "VGB", "British Virgin Islands"),
    ("VI", "VIR", "U.S. Virgin Islands"),
    ("VN", "VNM", "Vietnam"),
    ("VU", "VUT", "Vanuatu"),
    ("WF", "WLF", "Wallis and Futuna"),
    ("WS", "WSM", "Samoa"),
    ("YE", "YEM", "Yemen"),
    ("YT", "MYT", "Mayotte"),
    ("ZA", "ZAF", "South Africa"),
    ("ZM", "ZMB", "Zambia"),
    ("ZW", "ZWE", "Zimbabwe"),
];

/// Alpha-3 code to alpha-2 code, sorted by alpha-3.
#[rustfmt::skip]
const ALPHA3: &[(&str, &str)] = &[
    ("ABW", "AW"), ("AFG", "AF"), ("AGO", "AO"), ("AIA", "AI"), ("ALA", "AX"), ("ALB", "AL"), ("AND", "AD"),
    ("ARE", "AE"), ("ARG", "AR"), ("ARM", "AM"), ("ASM", "AS"), ("ATA", "AQ"), ("ATF", "TF"), ("ATG", "AG"),
    ("AUS", "AU"), ("AUT", "AT"), ("AZE", "AZ"), ("BDI", "BI"), ("BEL", "BE"), ("BEN", "BJ"), ("BES", "BQ"),
    ("BFA", "BF"), ("BGD", "BD"), ("BGR", "BG"), ("BHR", "BH"), ("BHS", "BS"), ("BIH", "BA"), ("BLM", "BL"),
    ("BLR", "BY"), ("BLZ", "BZ"), ("BMU", "BM"), ("BOL", "BO"), ("BRA", "BR"), ("BRB", "BB"), ("BRN", "BN"),
    ("BTN", "BT"), ("BVT", "BV"), ("BWA", "BW"), ("CAF", "CF"), ("CAN", "CA"), ("CCK", "CC"), ("CHE", "CH"),
    ("CHL", "CL"), ("CHN", "CN"), ("CIV", "CI"), ("CMR", "CM"), ("COD", "CD"), ("COG", "CG"), ("COK", "CK"),
    ("COL", "CO"), ("COM", "KM"), ("CPV", "CV"), ("CRI", "CR"), ("CUB", "CU"), ("CUW", "CW"), ("CXR", "CX"),
    ("CYM", "KY"), ("CYP", "CY"), ("CZE", "CZ"), ("DEU", "DE"), ("DJI", "DJ"), ("DMA", "DM"), ("DNK", "DK"),
    ("DOM", "DO"), ("DZA", "DZ"), ("ECU", "EC"), ("EGY", "EG"), ("ERI", "ER"), ("ESH", "EH"), ("ESP", "ES"),
    ("EST", "EE"), ("ETH", "ET"), ("FIN", "FI"), ("FJI", "FJ"), ("FLK", "FK"), ("FRA", "FR"), ("FRO", "FO"),
    ("FSM", "FM"), ("GAB", "GA"), ("GBR", "GB"), ("GEO", "GE"), ("GGY", "GG"), ("GHA", "GH"), ("GIB", "GI"),
    ("GIN", "GN"), ("GLP", "GP"), ("GMB", "GM"), ("GNB", "GW"), ("GNQ", "GQ"), ("GRC", "GR"), ("GRD", "GD"),
    ("GRL", "GL"), ("GTM", "GT"), ("GUF", "GF"), ("GUM", "GU"), ("GUY", "GY"), ("HKG", "HK"), ("HMD", "HM"),
    ("HND", "HN"), ("HRV", "HR"), ("HTI", "HT"), ("HUN", "HU"), ("IDN", "ID"), ("IMN", "IM"), ("IND", "IN"),
    ("IOT", "IO"), ("IRL", "IE"), ("IRN", "IR"), ("IRQ", "IQ"), ("ISL", "IS"), ("ISR", "IL"), ("ITA", "IT"),
    ("JAM", "JM"), ("JEY", "JE"), ("JOR", "JO"), ("JPN", "JP"), ("KAZ", "KZ"), ("KEN", "KE"), ("KGZ", "KG"),
    ("KHM", "KH"), ("KIR", "KI"), ("KNA", "KN"), ("KOR", "KR"), ("KWT", "KW"), ("LAO", "LA"), ("LBN", "LB"),
    ("LBR", "LR"), ("LBY", "LY"), ("LCA", "LC"), ("LIE", "LI"), ("LKA", "LK"), ("LSO", "LS"), ("LTU", "LT"),
    ("LUX", "LU"), ("LVA", "LV"), ("MAC", "MO"), ("MAF", "MF"), ("MAR", "MA"), ("MCO", "MC"), ("MDA", "MD"),
    ("MDG", "MG"), ("MDV", "MV"), ("MEX", "MX"), ("MHL", "MH"), ("MKD", "MK"), ("MLI", "ML"), ("MLT", "MT"),
    ("MMR", "MM"), ("MNE", "ME"), ("MNG", "MN"), ("MNP", "MP"), ("MOZ", "MZ"), ("MRT", "MR"), ("MSR", "MS"),
    ("MTQ", "MQ"), ("MUS", "MU"), ("MWI", "MW"), ("MYS", "MY"), ("MYT", "YT"), ("NAM", "NA"), ("NCL", "NC"),
    ("NER", "NE"), ("NFK", "NF"), ("NGA", "NG"), ("NIC", "NI"), ("NIU", "NU"), ("NLD", "NL"), ("NOR", "NO"),
    ("NPL", "NP"), ("NRU", "NR"), ("NZL", "NZ"), ("OMN", "OM"), ("PAK", "PK"), ("PAN", "PA"), ("PCN", "PN"),
    ("PER", "PE"), ("PHL", "PH"), ("PLW", "PW"), ("PNG", "PG"), ("POL", "PL"), ("PRI", "PR"), ("PRK", "KP"),
    ("PRT", "PT"), ("PRY", "PY"), ("PSE", "PS"), ("PYF", "PF"), ("QAT", "QA"), ("REU", "RE"), ("ROU", "RO"),
    ("RUS", "RU"), ("RWA", "RW"), ("SAU", "SA"), ("SDN", "SD"), ("SEN", "SN"), ("SGP", "SG"), ("SGS", "GS"),
    ("SHN", "SH"), ("SJM", "SJ"), ("SLB", "SB"), ("SLE", "SL"), ("SLV", "SV"), ("SMR", "SM"), ("SOM", "SO"),
    ("SPM", "PM"), ("SRB", "RS"), ("SSD", "SS"), ("STP", "ST"), ("SUR", "SR"), ("SVK", "SK"), ("SVN", "SI"),
    ("SWE", "SE"), ("SWZ", "SZ"), ("SXM", "SX"), ("SYC", "SC"), ("SYR", "SY"), ("TCA", "TC"), ("TCD", "TD"),
    ("TGO", "TG"), ("THA", "TH"), ("TJK", "TJ"), ("TKL", "TK"), ("TKM", "TM"), ("TLS", "TL"), ("TON", "TO"),
    ("TTO", "TT"), ("TUN", "TN"), ("TUR", "TR"), ("TUV", "TV"), ("TWN", "TW"), ("TZA", "TZ"), ("UGA", "UG"),
    ("UKR", "UA"), ("UMI", "UM"), ("URY", "UY"), ("USA", "US"), ("UZB", "UZ"), ("VAT", "VA"), ("VCT", "VC"),
    ("VEN", "VE"), ("VGB", "VG"), ("VIR", "VI"), ("VNM", "VN"), ("VUT", "VU"), ("WLF", "WF"), ("WSM", "WS"),
    ("YEM", "YE"), ("ZAF", "ZA"), ("ZMB", "ZM"), ("ZWE", "ZW"),
];

/// Names and variants, as produced by [`name_key`], with their alpha-2
/// code; sorted by key (byte order) for binary search.
#[rustfmt::skip]
const NAMES: &[(&str, &str)] = &[
    ("afghanistan", "AF"), ("aland", "AX"), ("aland islands", "AX"), ("albania", "AL"), ("algeria", "DZ"),
    ("america", "US"), ("american samoa", "AS"), ("andorra", "AD"), ("angola", "AO"), ("anguilla", "AI"),
    ("antarctica", "AQ"), ("antigua", "AG"), ("antigua and barbuda", "AG"), ("aotearoa", "NZ"),
    ("arab republic of egypt", "EG"), ("argentina", "AR"), ("armenia", "AM"), ("aruba", "AW"), ("australia", "AU"),
    ("austria", "AT"), ("azerbaijan", "AZ"), ("bahamas", "BS"), ("bahrain", "BH"), ("bangladesh", "BD"),
    ("barbados", "BB"), ("belarus", "BY"), ("belgie", "BE"), ("belgique", "BE"), ("belgium", "BE"), ("belize", "BZ"),
    ("benin", "BJ"), ("bermuda", "BM"), ("bharat", "IN"), ("bhutan", "BT"), ("bolivarian republic of venezuela", "VE"),
    ("bolivia", "BO"), ("bolivia plurinational state of", "BO"), ("bonaire", "BQ"),
    ("bonaire sint eustatius and saba", "BQ"), ("bosnia", "BA"), ("bosnia and herzegovina", "BA"),
    ("bosnia herzegovina", "BA"), ("botswana", "BW"), ("bouvet island", "BV"), ("brasil", "BR"), ("brazil", "BR"),
    ("britain", "GB"), ("british indian ocean territory", "IO"), ("british virgin islands", "VG"), ("brunei", "BN"),
    ("brunei darussalam", "BN"), ("bulgaria", "BG"), ("burkina faso", "BF"), ("burma", "MM"), ("burundi", "BI"),
    ("cabo verde", "CV"), ("cambodia", "KH"), ("cameroon", "CM"), ("canada", "CA"), ("cape verde", "CV"),
    ("caribbean netherlands", "BQ"), ("cayman islands", "KY"), ("central african republic", "CF"), ("chad", "TD"),
    ("chile", "CL"), ("china", "CN"), ("china mainland", "CN"), ("china prc", "CN"), ("chinese mainland", "CN"),
    ("chinese taipei", "TW"), ("christmas island", "CX"), ("cocos islands", "CC"), ("cocos keeling islands", "CC"),
    ("colombia", "CO"), ("commonwealth of australia", "AU"), ("comoros", "KM"), ("congo", "CG"),
    ("congo brazzaville", "CG"), ("congo democratic republic of", "CD"), ("congo dr", "CD"), ("congo kinshasa", "CD"),
    ("congo republic", "CG"), ("cook islands", "CK"), ("costa rica", "CR"), ("cote divoire", "CI"), ("croatia", "HR"),
    ("cuba", "CU"), ("curacao", "CW"), ("cyprus", "CY"), ("czech republic", "CZ"), ("czechia", "CZ"),
    ("danmark", "DK"), ("democratic peoples republic of korea", "KP"), ("democratic republic of congo", "CD"),
    ("denmark", "DK"), ("deutschland", "DE"), ("djibouti", "DJ"), ("dominica", "DM"), ("dominican republic", "DO"),
    ("dprk", "KP"), ("dr congo", "CD"), ("drc", "CD"), ("east timor", "TL"), ("ecuador", "EC"), ("egypt", "EG"),
    ("eire", "IE"), ("el salvador", "SV"), ("emirates", "AE"), ("england", "GB"), ("equatorial guinea", "GQ"),
    ("eritrea", "ER"), ("espana", "ES"), ("estonia", "EE"), ("eswatini", "SZ"), ("ethiopia", "ET"),
    ("faeroe islands", "FO"), ("falkland islands", "FK"), ("falkland islands malvinas", "FK"), ("faroe islands", "FO"),
    ("federal republic of germany", "DE"), ("federated states of micronesia", "FM"),
    ("federative republic of brazil", "BR"), ("fiji", "FJ"), ("finland", "FI"), ("france", "FR"),
    ("french guiana", "GF"), ("french polynesia", "PF"), ("french republic", "FR"),
    ("french southern territories", "TF"), ("fyrom", "MK"), ("gabon", "GA"), ("gambia", "GM"), ("georgia", "GE"),
    ("germany", "DE"), ("ghana", "GH"), ("gibraltar", "GI"), ("great britain", "GB"), ("greece", "GR"),
    ("greenland", "GL"), ("grenada", "GD"), ("guadeloupe", "GP"), ("guam", "GU"), ("guatemala", "GT"),
    ("guernsey", "GG"), ("guinea", "GN"), ("guinea bissau", "GW"), ("guyana", "GY"), ("haiti", "HT"),
    ("heard and mcdonald islands", "HM"), ("heard island and mcdonald islands", "HM"), ("hellas", "GR"),
    ("hellenic republic", "GR"), ("hksar", "HK"), ("holland", "NL"), ("holy see", "VA"),
    ("holy see vatican city state", "VA"), ("honduras", "HN"), ("hong kong", "HK"), ("hong kong china", "HK"),
    ("hong kong sar", "HK"), ("hong kong sar china", "HK"), ("hongkong", "HK"), ("hungary", "HU"), ("iceland", "IS"),
    ("india", "IN"), ("indonesia", "ID"), ("iran", "IR"), ("iran islamic republic of", "IR"), ("iraq", "IQ"),
    ("ireland", "IE"), ("islamic republic of iran", "IR"), ("isle of man", "IM"), ("israel", "IL"), ("italia", "IT"),
    ("italian republic", "IT"), ("italy", "IT"), ("ivory coast", "CI"), ("jamaica", "JM"), ("japan", "JP"),
    ("jersey", "JE"), ("jordan", "JO"), ("kampuchea", "KH"), ("kazakhstan", "KZ"), ("keeling islands", "CC"),
    ("kenya", "KE"), ("kingdom of belgium", "BE"), ("kingdom of denmark", "DK"), ("kingdom of netherlands", "NL"),
    ("kingdom of norway", "NO"), ("kingdom of saudi arabia", "SA"), ("kingdom of spain", "ES"),
    ("kingdom of sweden", "SE"), ("kingdom of thailand", "TH"), ("kiribati", "KI"), ("korea", "KR"),
    ("korea democratic peoples republic of", "KP"), ("korea north", "KP"), ("korea republic of", "KR"),
    ("korea south", "KR"), ("ksa", "SA"), ("kuwait", "KW"), ("kyrgyz republic", "KG"), ("kyrgyzstan", "KG"),
    ("lao pdr", "LA"), ("lao peoples democratic republic", "LA"), ("laos", "LA"), ("latvia", "LV"), ("lebanon", "LB"),
    ("lesotho", "LS"), ("liberia", "LR"), ("libya", "LY"), ("liechtenstein", "LI"), ("lithuania", "LT"),
    ("luxembourg", "LU"), ("macao", "MO"), ("macao china", "MO"), ("macao sar", "MO"), ("macao sar china", "MO"),
    ("macau", "MO"), ("macau china", "MO"), ("macau sar", "MO"), ("macedonia", "MK"), ("madagascar", "MG"),
    ("mainland china", "CN"), ("malawi", "MW"), ("malaysia", "MY"), ("maldives", "MV"), ("mali", "ML"),
    ("malta", "MT"), ("malvinas", "FK"), ("marshall islands", "MH"), ("martinique", "MQ"), ("mauritania", "MR"),
    ("mauritius", "MU"), ("mayotte", "YT"), ("mexico", "MX"), ("micronesia", "FM"),
    ("micronesia federated states of", "FM"), ("moldova", "MD"), ("moldova republic of", "MD"), ("monaco", "MC"),
    ("mongolia", "MN"), ("montenegro", "ME"), ("montserrat", "MS"), ("morocco", "MA"), ("mozambique", "MZ"),
    ("myanmar", "MM"), ("myanmar burma", "MM"), ("n korea", "KP"), ("namibia", "NA"), ("nauru", "NR"),
    ("nederland", "NL"), ("nepal", "NP"), ("netherlands", "NL"), ("netherlands kingdom of", "NL"),
    ("new caledonia", "NC"), ("new zealand", "NZ"), ("nicaragua", "NI"), ("niger", "NE"), ("nigeria", "NG"),
    ("nihon", "JP"), ("nippon", "JP"), ("niue", "NU"), ("norfolk island", "NF"), ("norge", "NO"),
    ("north korea", "KP"), ("north macedonia", "MK"), ("northern ireland", "GB"), ("northern mariana islands", "MP"),
    ("norway", "NO"), ("oman", "OM"), ("osterreich", "AT"), ("pakistan", "PK"), ("palau", "PW"), ("palestine", "PS"),
    ("palestine state of", "PS"), ("palestinian territories", "PS"), ("panama", "PA"), ("papua new guinea", "PG"),
    ("paraguay", "PY"), ("peoples republic of china", "CN"), ("persia", "IR"), ("peru", "PE"),
    ("philippine islands", "PH"), ("philippines", "PH"), ("pitcairn", "PN"), ("pitcairn islands", "PN"),
    ("plurinational state of bolivia", "BO"), ("poland", "PL"), ("polska", "PL"), ("portugal", "PT"),
    ("portuguese republic", "PT"), ("pr china", "CN"), ("prc", "CN"), ("puerto rico", "PR"), ("qatar", "QA"),
    ("republic of china", "TW"), ("republic of congo", "CG"), ("republic of finland", "FI"),
    ("republic of india", "IN"), ("republic of indonesia", "ID"), ("republic of ireland", "IE"),
    ("republic of korea", "KR"), ("republic of moldova", "MD"), ("republic of north macedonia", "MK"),
    ("republic of philippines", "PH"), ("republic of poland", "PL"), ("republic of singapore", "SG"),
    ("republic of south africa", "ZA"), ("republic of turkiye", "TR"), ("republique francaise", "FR"),
    ("reunion", "RE"), ("roc", "TW"), ("rok", "KR"), ("romania", "RO"), ("rsa", "ZA"), ("russia", "RU"),
    ("russian federation", "RU"), ("rwanda", "RW"), ("s korea", "KR"), ("saint barthelemy", "BL"),
    ("saint barts", "BL"), ("saint helena", "SH"), ("saint helena ascension and tristan da cunha", "SH"),
    ("saint kitts", "KN"), ("saint kitts and nevis", "KN"), ("saint lucia", "LC"), ("saint martin", "MF"),
    ("saint martin french part", "MF"), ("saint pierre and miquelon", "PM"), ("saint vincent", "VC"),
    ("saint vincent and grenadines", "VC"), ("samoa", "WS"), ("san marino", "SM"), ("sao tome", "ST"),
    ("sao tome and principe", "ST"), ("saudi", "SA"), ("saudi arabia", "SA"), ("schweiz", "CH"), ("scotland", "GB"),
    ("senegal", "SN"), ("serbia", "RS"), ("seychelles", "SC"), ("siam", "TH"), ("sierra leone", "SL"),
    ("singapore", "SG"), ("sint maarten", "SX"), ("sint maarten dutch part", "SX"), ("slovak republic", "SK"),
    ("slovakia", "SK"), ("slovenia", "SI"), ("solomon islands", "SB"), ("somalia", "SO"), ("south africa", "ZA"),
    ("south georgia", "GS"), ("south georgia and south sandwich islands", "GS"), ("south korea", "KR"),
    ("south sudan", "SS"), ("spain", "ES"), ("sri lanka", "LK"), ("st barthelemy", "BL"), ("st barths", "BL"),
    ("st barts", "BL"), ("st helena", "SH"), ("st kitts", "KN"), ("st kitts and nevis", "KN"), ("st lucia", "LC"),
    ("st martin", "MF"), ("st pierre and miquelon", "PM"), ("st vincent", "VC"), ("st vincent and grenadines", "VC"),
    ("state of israel", "IL"), ("state of libya", "LY"), ("state of palestine", "PS"), ("sudan", "SD"),
    ("suisse", "CH"), ("suomi", "FI"), ("suriname", "SR"), ("svalbard", "SJ"), ("svalbard and jan mayen", "SJ"),
    ("sverige", "SE"), ("svizzera", "CH"), ("swaziland", "SZ"), ("sweden", "SE"), ("swiss confederation", "CH"),
    ("switzerland", "CH"), ("syria", "SY"), ("syrian arab republic", "SY"), ("taiwan", "TW"), ("taiwan china", "TW"),
    ("taiwan province of china", "TW"), ("taiwan roc", "TW"), ("tajikistan", "TJ"), ("tanzania", "TZ"),
    ("tanzania united republic of", "TZ"), ("thailand", "TH"), ("timor leste", "TL"), ("togo", "TG"),
    ("tokelau", "TK"), ("tonga", "TO"), ("trinidad", "TT"), ("trinidad and tobago", "TT"), ("tunisia", "TN"),
    ("turkey", "TR"), ("turkiye", "TR"), ("turkmenistan", "TM"), ("turks and caicos islands", "TC"), ("tuvalu", "TV"),
    ("u s", "US"), ("u s a", "US"), ("uae", "AE"), ("uganda", "UG"), ("uk", "GB"), ("ukraine", "UA"),
    ("united arab emirates", "AE"), ("united kingdom", "GB"),
    ("united kingdom of great britain and northern ireland", "GB"), ("united mexican states", "MX"),
    ("united republic of tanzania", "TZ"), ("united states", "US"), ("united states minor outlying islands", "UM"),
    ("united states of america", "US"), ("united states usa", "US"), ("uruguay", "UY"),
    ("us minor outlying islands", "UM"), ("us virgin islands", "VI"), ("uzbekistan", "UZ"), ("vanuatu", "VU"),
    ("vatican", "VA"), ("vatican city", "VA"), ("vatican city state", "VA"), ("venezuela", "VE"),
    ("venezuela bolivarian republic of", "VE"), ("viet nam", "VN"), ("vietnam", "VN"),
    ("virgin islands british", "VG"), ("virgin islands us", "VI"), ("việt nam", "VN"), ("wales", "GB"),
    ("wallis and futuna", "WF"), ("western sahara", "EH"), ("yemen", "YE"), ("zaire", "CD"), ("zambia", "ZM"),
    ("zimbabwe", "ZW"), ("россия", "RU"), ("不丹", "BT"), ("东帝汶", "TL"), ("中华人民共和国", "CN"), ("中华人民共和國", "CN"),
    ("中华台北", "TW"), ("中华民国", "TW"), ("中国", "CN"), ("中国内地", "CN"), ("中国台湾", "TW"), ("中国大陆", "CN"), ("中国澳门", "MO"),
    ("中国香港", "HK"), ("中國", "CN"), ("中國台灣", "TW"), ("中國大陸", "CN"), ("中國澳門", "MO"), ("中國臺灣", "TW"), ("中國香港", "HK"),
    ("中華台北", "TW"), ("中華民國", "TW"), ("中非", "CF"), ("中非共和国", "CF"), ("丹麦", "DK"), ("乌克兰", "UA"), ("乌兹别克斯坦", "UZ"),
    ("乌干达", "UG"), ("乌拉圭", "UY"), ("乍得", "TD"), ("也门", "YE"), ("亚美尼亚", "AM"), ("以色列", "IL"), ("伊拉克", "IQ"),
    ("伊朗", "IR"), ("伯利兹", "BZ"), ("佛得角", "CV"), ("俄国", "RU"), ("俄國", "RU"), ("俄罗斯", "RU"), ("俄罗斯联邦", "RU"),
    ("俄羅斯", "RU"), ("保加利亚", "BG"), ("克罗地亚", "HR"), ("关岛", "GU"), ("内地", "CN"), ("冈比亚", "GM"), ("冰岛", "IS"),
    ("几内亚", "GN"), ("几内亚比绍", "GW"), ("列支敦士登", "LI"), ("刚果共和国", "CG"), ("刚果布", "CG"), ("刚果民主共和国", "CD"), ("刚果金", "CD"),
    ("利比亚", "LY"), ("利比里亚", "LR"), ("加拿大", "CA"), ("加纳", "GH"), ("加蓬", "GA"), ("匈牙利", "HU"), ("北朝鲜", "KP"),
    ("北爱尔兰", "GB"), ("北韓", "KP"), ("北韩", "KP"), ("北马其顿", "MK"), ("北马里亚纳群岛", "MP"), ("南乔治亚和南桑威奇群岛", "GS"),
    ("南极洲", "AQ"), ("南苏丹", "SS"), ("南非", "ZA"), ("南非共和国", "ZA"), ("南韓", "KR"), ("南韩", "KR"), ("博茨瓦纳", "BW"),
    ("卡塔尔", "QA"), ("卢旺达", "RW"), ("卢森堡", "LU"), ("印尼", "ID"), ("印度", "IN"), ("印度共和国", "IN"), ("印度尼西亚", "ID"),
    ("危地马拉", "GT"), ("厄瓜多尔", "EC"), ("厄立特里亚", "ER"), ("叙利亚", "SY"), ("古巴", "CU"), ("台湾", "TW"), ("台湾省", "TW"),
    ("台灣", "TW"), ("吉尔吉斯斯坦", "KG"), ("吉布提", "DJ"), ("哈萨克斯坦", "KZ"), ("哥伦比亚", "CO"), ("哥斯达黎加", "CR"), ("喀麦隆", "CM"),
    ("图瓦卢", "TV"), ("土库曼斯坦", "TM"), ("土耳其", "TR"), ("土耳其共和国", "TR"), ("圣卢西亚", "LC"), ("圣基茨和尼维斯", "KN"),
    ("圣多美和普林西比", "ST"), ("圣巴泰勒米", "BL"), ("圣文森特和格林纳丁斯", "VC"), ("圣皮埃尔和密克隆", "PM"), ("圣诞岛", "CX"), ("圣赫勒拿", "SH"),
    ("圣马力诺", "SM"), ("圭亚那", "GY"), ("坦桑尼亚", "TZ"), ("埃及", "EG"), ("埃塞俄比亚", "ET"), ("埃斯瓦蒂尼", "SZ"), ("基里巴斯", "KI"),
    ("塔吉克斯坦", "TJ"), ("塞内加尔", "SN"), ("塞尔维亚", "RS"), ("塞拉利昂", "SL"), ("塞浦路斯", "CY"), ("塞舌尔", "SC"), ("墨西哥", "MX"),
    ("墨西哥合众国", "MX"), ("多哥", "TG"), ("多米尼克", "DM"), ("多米尼加", "DO"), ("多米尼加共和国", "DO"), ("大不列颠", "GB"),
    ("大不列颠及北爱尔兰联合王国", "GB"), ("大陆", "CN"), ("大韓民國", "KR"), ("大韩民国", "KR"), ("大马", "MY"), ("奥兰群岛", "AX"), ("奥地利", "AT"),
    ("奧地利", "AT"), ("委内瑞拉", "VE"), ("威尔士", "GB"), ("孟加拉", "BD"), ("孟加拉国", "BD"), ("安哥拉", "AO"), ("安圭拉", "AI"),
    ("安提瓜和巴布达", "AG"), ("安道尔", "AD"), ("密克罗尼西亚", "FM"), ("尼加拉瓜", "NI"), ("尼日利亚", "NG"), ("尼日尔", "NE"), ("尼泊尔", "NP"),
    ("巴勒斯坦", "PS"), ("巴哈马", "BS"), ("巴基斯坦", "PK"), ("巴巴多斯", "BB"), ("巴布亚新几内亚", "PG"), ("巴拉圭", "PY"), ("巴拿马", "PA"),
    ("巴林", "BH"), ("巴西", "BR"), ("巴西联邦共和国", "BR"), ("布基纳法索", "BF"), ("布隆迪", "BI"), ("布韦岛", "BV"), ("希腊", "GR"),
    ("帕劳", "PW"), ("库克群岛", "CK"), ("库拉索", "CW"), ("开曼群岛", "KY"), ("德国", "DE"), ("德國", "DE"), ("德意志联邦共和国", "DE"),
    ("意大利", "IT"), ("意大利共和国", "IT"), ("愛爾蘭", "IE"), ("所罗门群岛", "SB"), ("托克劳", "TK"), ("拉脱维亚", "LV"), ("挪威", "NO"),
    ("捷克", "CZ"), ("捷克共和国", "CZ"), ("摩尔多瓦", "MD"), ("摩洛哥", "MA"), ("摩纳哥", "MC"), ("文莱", "BN"), ("斐济", "FJ"),
    ("斯威士兰", "SZ"), ("斯洛伐克", "SK"), ("斯洛文尼亚", "SI"), ("斯瓦尔巴和扬马延", "SJ"), ("斯里兰卡", "LK"), ("新加坡", "SG"),
    ("新喀里多尼亚", "NC"), ("新西兰", "NZ"), ("日本", "JP"), ("日本国", "JP"), ("星加坡", "SG"), ("智利", "CL"), ("朝鮮", "KP"),
    ("朝鲜", "KP"), ("朝鲜民主主义人民共和国", "KP"), ("柬埔寨", "KH"), ("根西", "GG"), ("根西岛", "GG"), ("格林纳达", "GD"), ("格陵兰", "GL"),
    ("格鲁吉亚", "GE"), ("梵蒂冈", "VA"), ("比利时", "BE"), ("毛里塔尼亚", "MR"), ("毛里求斯", "MU"), ("汤加", "TO"), ("沙特", "SA"),
    ("沙特阿拉伯", "SA"), ("沙特阿拉伯王国", "SA"), ("法国", "FR"), ("法國", "FR"), ("法属南部领地", "TF"), ("法属圣马丁", "MF"), ("法属圭亚那", "GF"),
    ("法属波利尼西亚", "PF"), ("法罗群岛", "FO"), ("波兰", "PL"), ("波多黎各", "PR"), ("波斯尼亚和黑塞哥维那", "BA"), ("波黑", "BA"), ("泰国", "TH"),
    ("泰國", "TH"), ("泽西", "JE"), ("泽西岛", "JE"), ("津巴布韦", "ZW"), ("洪都拉斯", "HN"), ("海地", "HT"), ("澳大利亚", "AU"),
    ("澳大利亞", "AU"), ("澳洲", "AU"), ("澳門", "MO"), ("澳門特區", "MO"), ("澳门", "MO"), ("澳门特别行政区", "MO"), ("爱尔兰", "IE"),
    ("爱沙尼亚", "EE"), ("牙买加", "JM"), ("特克斯和凯科斯群岛", "TC"), ("特立尼达和多巴哥", "TT"), ("玻利维亚", "BO"), ("瑙鲁", "NR"), ("瑞典", "SE"),
    ("瑞士", "CH"), ("瑞士联邦", "CH"), ("瓜德罗普", "GP"), ("瓦利斯和富图纳", "WF"), ("瓦努阿图", "VU"), ("留尼汪", "RE"), ("白俄罗斯", "BY"),
    ("百慕大", "BM"), ("皮特凯恩群岛", "PN"), ("直布罗陀", "GI"), ("福克兰群岛", "FK"), ("科威特", "KW"), ("科摩罗", "KM"), ("科特迪瓦", "CI"),
    ("科科斯基林群岛", "CC"), ("科科斯群岛", "CC"), ("秘鲁", "PE"), ("突尼斯", "TN"), ("立陶宛", "LT"), ("紐西蘭", "NZ"), ("索马里", "SO"),
    ("约旦", "JO"), ("纳米比亚", "NA"), ("纽埃", "NU"), ("纽西兰", "NZ"), ("缅甸", "MM"), ("罗马尼亚", "RO"), ("美利坚合众国", "US"),
    ("美利堅合眾國", "US"), ("美国", "US"), ("美国本土外小岛屿", "UM"), ("美國", "US"), ("美属维尔京群岛", "VI"), ("美属萨摩亚", "AS"),
    ("義大利", "IT"), ("老挝", "LA"), ("联合王国", "GB"), ("肯尼亚", "KE"), ("臺灣", "TW"), ("芬兰", "FI"), ("苏丹", "SD"),
    ("苏格兰", "GB"), ("苏里南", "SR"), ("英国", "GB"), ("英國", "GB"), ("英属印度洋领地", "IO"), ("英属维尔京群岛", "VG"), ("英格兰", "GB"),
    ("荷兰", "NL"), ("荷兰加勒比区", "BQ"), ("荷属圣马丁", "SX"), ("荷蘭", "NL"), ("莫桑比克", "MZ"), ("莱索托", "LS"), ("菲律宾", "PH"),
    ("菲律賓", "PH"), ("萨尔瓦多", "SV"), ("萨摩亚", "WS"), ("葡萄牙", "PT"), ("蒙古", "MN"), ("蒙古国", "MN"), ("蒙特塞拉特", "MS"),
    ("西撒哈拉", "EH"), ("西班牙", "ES"), ("诺福克岛", "NF"), ("象牙海岸", "CI"), ("贝宁", "BJ"), ("赞比亚", "ZM"), ("赤道几内亚", "GQ"),
    ("赫德岛和麦克唐纳群岛", "HM"), ("越南", "VN"), ("越南社会主义共和国", "VN"), ("阿塞拜疆", "AZ"), ("阿富汗", "AF"), ("阿尔及利亚", "DZ"),
    ("阿尔巴尼亚", "AL"), ("阿拉伯联合酋长国", "AE"), ("阿曼", "OM"), ("阿根廷", "AR"), ("阿联酋", "AE"), ("阿鲁巴", "AW"), ("韓國", "KR"),
    ("韩国", "KR"), ("香港", "HK"), ("香港特别行政区", "HK"), ("香港特區", "HK"), ("馬來西亞", "MY"), ("马其顿", "MK"), ("马尔代夫", "MV"),
    ("马恩岛", "IM"), ("马拉维", "MW"), ("马提尼克", "MQ"), ("马来西亚", "MY"), ("马来西亞", "MY"), ("马约特", "YT"), ("马绍尔群岛", "MH"),
    ("马耳他", "MT"), ("马达加斯加", "MG"), ("马里", "ML"), ("黎巴嫩", "LB"), ("黑山", "ME"), ("대한민국", "KR"), ("한국", "KR"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_complete_and_sorted() {
        assert_eq!(COUNTRIES.len(), 249);
        assert_eq!(ALPHA3.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ALPHA3.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        for &(a2, a3, _) in COUNTRIES {
            assert!(a2.len() == 2 && a2.bytes().all(|b| b.is_ascii_uppercase()), "{a2}");
            assert!(a3.len() == 3 && a3.bytes().all(|b| b.is_ascii_uppercase()), "{a3}");
            assert!(ALPHA3.contains(&(a3, a2)), "{a3}");
        }
        for &(_, code) in NAMES {
            assert!(country_name_en(code).is_some(), "{code}");
        }
    }

    #[test]
    fn every_code_and_name_round_trips() {
        for &(a2, a3, name) in COUNTRIES {
            assert_eq!(country_code(a2), Some(a2));
            assert_eq!(country_code(&a2.to_lowercase()), Some(a2));
            assert_eq!(country_code(a3), Some(a2), "{a3}");
            assert_eq!(country_code(&a3.to_lowercase()), Some(a2), "{a3}");
            assert_eq!(country_code(name), Some(a2), "{name}");
            assert_eq!(country_code(&name.to_uppercase()), Some(a2), "{name}");
            assert_eq!(country_name_en(a2), Some(name));
        }
    }

    #[test]
    fn keys_are_built_like_the_table() {
        let key = |s: &str| {
            let mut buf = [0; KEY_CAP];
            name_key(s, &mut buf).map(str::to_string)
        };
        assert_eq!(key("People's Republic of China").as_deref(), Some("peoples republic of china"));
        assert_eq!(key("U.S.A.").as_deref(), Some("usa"));
        assert_eq!(key("  The   Netherlands ").as_deref(), Some("netherlands"));
        assert_eq!(key("Côte d’Ivoire").as_deref(), Some("cote divoire"));
        assert_eq!(key("中国(香港)").as_deref(), Some("中国香港"));
        assert_eq!(key("中国 香港").as_deref(), Some("中国香港"));
        assert_eq!(key("Trinidad & Tobago").as_deref(), Some("trinidad and tobago"));
        assert_eq!(key("the").as_deref(), Some(""));
        assert_eq!(key(&"x".repeat(200)), None);
    }

    #[test]
    fn english_names_and_variants() {
        let cases = [
            ("China", "CN"),
            ("PRC", "CN"),
            ("P.R.C.", "CN"),
            ("People's Republic of China", "CN"),
            ("Peoples Republic of China", "CN"),
            ("Mainland China", "CN"),
            ("P.R. China", "CN"),
            ("CHINA", "CN"),
            ("United States", "US"),
            ("United States of America", "US"),
            ("the United States", "US"),
            ("USA", "US"),
            ("U.S.A.", "US"),
            ("U. S. A.", "US"),
            ("US", "US"),
            ("U.S.", "US"),
            ("America", "US"),
            ("United Kingdom", "GB"),
            ("UK", "GB"),
            ("U.K.", "GB"),
            ("Great Britain", "GB"),
            ("England", "GB"),
            ("Scotland", "GB"),
            ("Germany", "DE"),
            ("Deutschland", "DE"),
            ("France", "FR"),
            ("Japan", "JP"),
            ("South Korea", "KR"),
            ("Korea", "KR"),
            ("Korea, Republic of", "KR"),
            ("Republic of Korea", "KR"),
            ("North Korea", "KP"),
            ("DPRK", "KP"),
            ("Hong Kong", "HK"),
            ("HK", "HK"),
            ("Hong Kong SAR", "HK"),
            ("Taiwan", "TW"),
            ("Taiwan, Province of China", "TW"),
            ("Macau", "MO"),
            ("Macao", "MO"),
            ("India", "IN"),
            ("Brazil", "BR"),
            ("Brasil", "BR"),
            ("Australia", "AU"),
            ("Canada", "CA"),
            ("Singapore", "SG"),
            ("Malaysia", "MY"),
            ("Russia", "RU"),
            ("Russian Federation", "RU"),
            ("Viet Nam", "VN"),
            ("Vietnam", "VN"),
            ("Iran, Islamic Republic of", "IR"),
            ("The Netherlands", "NL"),
            ("Holland", "NL"),
            ("Czech Republic", "CZ"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("Ivory Coast", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("Cote D'Ivoire", "CI"),
            ("UAE", "AE"),
            ("United Arab Emirates", "AE"),
            ("Saudi Arabia", "SA"),
            ("São Tomé and Príncipe", "ST"),
            ("Sao Tome & Principe", "ST"),
            ("St. Kitts and Nevis", "KN"),
            ("Saint Lucia", "LC"),
            ("St Lucia", "LC"),
            ("Trinidad & Tobago", "TT"),
            ("Bosnia & Herzegovina", "BA"),
            ("Democratic Republic of the Congo", "CD"),
            ("DR Congo", "CD"),
            ("Congo", "CG"),
            ("Republic of the Congo", "CG"),
            ("Gambia, The", "GM"),
            ("The Gambia", "GM"),
            ("Åland Islands", "AX"),
            ("Aland Islands", "AX"),
            ("Curaçao", "CW"),
            ("Réunion", "RE"),
            ("Vatican", "VA"),
            ("Holy See", "VA"),
            ("Swaziland", "SZ"),
            ("Burma", "MM"),
            ("Guinea-Bissau", "GW"),
            ("Guinea Bissau", "GW"),
            ("Timor-Leste", "TL"),
            ("East Timor", "TL"),
            ("España", "ES"),
            ("México", "MX"),
            ("Österreich", "AT"),
        ];
        for (value, code) in cases {
            assert_eq!(country_code(value), Some(code), "{value}");
        }
    }

    #[test]
    fn alpha3_codes() {
        for (value, code) in [("CHN", "CN"), ("USA", "US"), ("GBR", "GB"), ("DEU", "DE"), ("chn", "CN"), ("Jpn", "JP")]
        {
            assert_eq!(country_code(value), Some(code), "{value}");
        }
    }

    #[test]
    fn chinese_names() {
        let cases = [
            ("中国", "CN"),
            ("中华人民共和国", "CN"),
            ("中国大陆", "CN"),
            ("中國", "CN"),
            ("美国", "US"),
            ("美國", "US"),
            ("英国", "GB"),
            ("德国", "DE"),
            ("法国", "FR"),
            ("日本", "JP"),
            ("韩国", "KR"),
            ("南韩", "KR"),
            ("朝鲜", "KP"),
            ("香港", "HK"),
            ("中国香港", "HK"),
            ("中国(香港)", "HK"),
            ("台湾", "TW"),
            ("台灣", "TW"),
            ("中国台湾", "TW"),
            ("澳门", "MO"),
            ("中国澳门", "MO"),
            ("印度", "IN"),
            ("巴西", "BR"),
            ("澳大利亚", "AU"),
            ("澳洲", "AU"),
            ("加拿大", "CA"),
            ("新加坡", "SG"),
            ("马来西亚", "MY"),
            ("俄罗斯", "RU"),
            ("意大利", "IT"),
            ("西班牙", "ES"),
            ("荷兰", "NL"),
            ("瑞士", "CH"),
            ("瑞典", "SE"),
            ("新西兰", "NZ"),
            ("泰国", "TH"),
            ("越南", "VN"),
            ("印度尼西亚", "ID"),
            ("印尼", "ID"),
            ("菲律宾", "PH"),
            ("阿联酋", "AE"),
            ("沙特阿拉伯", "SA"),
            ("墨西哥", "MX"),
            ("阿根廷", "AR"),
            ("南非", "ZA"),
            ("爱尔兰", "IE"),
            ("比利时", "BE"),
            ("奥地利", "AT"),
            ("丹麦", "DK"),
            ("挪威", "NO"),
            ("芬兰", "FI"),
            ("波兰", "PL"),
            ("葡萄牙", "PT"),
            ("以色列", "IL"),
            ("土耳其", "TR"),
            ("埃及", "EG"),
            ("刚果(金)", "CD"),
            ("刚果（布）", "CG"),
        ];
        for (value, code) in cases {
            assert_eq!(country_code(value), Some(code), "{value}");
        }
    }

    #[test]
    fn unknown_values() {
        for value in ["", "XX", "ZZZ", "Atlantis", "EU", "Europe", "中", "北京", "Virgin Islands", "the", "123", "C N"]
        {
            assert_eq!(country_code(value), None, "{value}");
        }
    }

    #[test]
    fn english_names_by_code() {
        assert_eq!(country_name_en("CN"), Some("China"));
        assert_eq!(country_name_en("gb"), Some("United Kingdom"));
        assert_eq!(country_name_en("Us"), Some("United States"));
        assert_eq!(country_name_en("KR"), Some("South Korea"));
        assert_eq!(country_name_en("UK"), None);
        assert_eq!(country_name_en("USA"), None);
        assert_eq!(country_name_en(""), None);
        assert_eq!(country_name_en("中国"), None);
    }
}
