//! How much to generate: three named scales, and custom plans for tests.

/// The named sizes of a generated data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One city: Mueang Khon Kaen district (18 subdistricts) — a municipality's own register.
    City,
    /// One province: all of Khon Kaen (26 districts) — a provincial network.
    Province,
    /// The whole country: all 77 provinces — a national platform.
    National,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::City, Scale::Province, Scale::National];

    pub fn name(self) -> &'static str {
        match self {
            Scale::City => "city",
            Scale::Province => "province",
            Scale::National => "national",
        }
    }

    /// The counts of this scale. Each step is ten times the one before (the national one is the size
    /// the benchmarks target: 20,000 organisations, 1,000,000 activities, about 10,000,000 cells).
    pub fn plan(self) -> Plan {
        match self {
            Scale::City => Plan {
                territory: Territory::District(KHON_KAEN_CITY),
                organizations: 200,
                networks: 4,
                agreements: 20,
                programmes: 1_000,
                activities: 10_000,
                programmes_per_batch: 1_000,
            },
            Scale::Province => Plan {
                territory: Territory::Province(KHON_KAEN),
                organizations: 2_000,
                networks: 12,
                agreements: 200,
                programmes: 10_000,
                activities: 100_000,
                programmes_per_batch: 1_000,
            },
            Scale::National => Plan {
                territory: Territory::Country,
                organizations: 20_000,
                networks: 120,
                agreements: 2_000,
                programmes: 100_000,
                activities: 1_000_000,
                programmes_per_batch: 1_000,
            },
        }
    }
}

impl std::str::FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scale::ALL.into_iter().find(|x| x.name() == s).ok_or_else(|| format!("unknown scale '{s}': use city, province or national"))
    }
}

/// Khon Kaen, the province of the demonstration network.
pub const KHON_KAEN: &str = "40";
/// Mueang Khon Kaen, the district of Khon Kaen city.
pub const KHON_KAEN_CITY: &str = "4001";

/// Where the generated records are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Territory {
    /// The subdistricts of one district (a DOPA code of 4 digits).
    District(&'static str),
    /// The subdistricts of one province (2 digits).
    Province(&'static str),
    /// Every province.
    Country,
}

/// The exact number of each record to generate (participation cells are 5–15 per activity, 10 on
/// average; commitments 1–4 per agreement; alignments follow the programmes and activities).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub territory: Territory,
    pub organizations: usize,
    pub networks: usize,
    pub agreements: usize,
    pub programmes: usize,
    pub activities: usize,
    /// Programmes (with their share of the activities) per batch: the unit of one load transaction.
    pub programmes_per_batch: usize,
}

impl Plan {
    /// Batches of programmes and activities, after the first batch (the register).
    pub fn work_batches(&self) -> usize {
        self.programmes.div_ceil(self.programmes_per_batch.max(1))
    }

    /// A tiny plan for tests: one district, a few hundred activities, several batches.
    pub fn tiny() -> Plan {
        Plan {
            territory: Territory::District(KHON_KAEN_CITY),
            organizations: 30,
            networks: 2,
            agreements: 4,
            programmes: 40,
            activities: 300,
            programmes_per_batch: 15,
        }
    }
}
