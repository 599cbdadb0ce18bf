//! The on-disk form of every stored value: a schema version, then the
//! record as JSON. A newer starprobe upgrades what an older one wrote
//! (each record type says how); an older one refuses what a newer wrote
//! instead of misreading it.

use super::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A type stored inside an envelope.
pub trait Record: Serialize + DeserializeOwned {
    /// The schema version this build writes.
    const VERSION: u32;
    /// What the record is called in error messages.
    const NAME: &'static str;

    /// Turns the JSON of an older version into the current one. The
    /// default suits changes that only add `#[serde(default)]` fields.
    fn upgrade(from: u32, value: serde_json::Value) -> Result<serde_json::Value, String> {
        let _ = from;
        Ok(value)
    }
}

/// The version header, then JSON.
pub fn encode<T: Record>(record: &T) -> Result<Vec<u8>, StoreError> {
    let mut bytes = T::VERSION.to_be_bytes().to_vec();
    serde_json::to_writer(&mut bytes, record).map_err(|e| StoreError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// Reads a value written by this or any earlier version.
pub fn decode<T: Record>(bytes: &[u8]) -> Result<T, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        record: T::NAME,
        detail,
    };
    let (header, body) = bytes
        .split_first_chunk::<4>()
        .ok_or_else(|| corrupt("shorter than its version header".into()))?;
    let version = u32::from_be_bytes(*header);
    if version == T::VERSION {
        return serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()));
    }
    if version > T::VERSION {
        return Err(StoreError::Newer {
            record: T::NAME,
            found: version,
            supported: T::VERSION,
        });
    }
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))?;
    let value = T::upgrade(version, value).map_err(corrupt)?;
    serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))
}

macro_rules! record {
    ($($ty:ty => $name:literal),+ $(,)?) => {
        $(impl Record for $ty {
            const VERSION: u32 = 1;
            const NAME: &'static str = $name;
        })+
    };
}

record!(
    crate::model::Session => "session",
    crate::model::Coverage => "coverage",
    crate::model::Member => "member",
    crate::model::ServerSettings => "server settings",
    crate::model::Standing => "standing",
    crate::model::BoardEntry => "leaderboard entry",
    u64 => "timestamp",
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Version 1 of a record: a single name.
    #[derive(Serialize, Deserialize)]
    struct PetV1 {
        name: String,
    }
    impl Record for PetV1 {
        const VERSION: u32 = 1;
        const NAME: &'static str = "pet";
    }

    /// Version 2 split the name and added a field with a default.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct PetV2 {
        first: String,
        last: String,
        #[serde(default)]
        legs: u8,
    }
    impl Record for PetV2 {
        const VERSION: u32 = 2;
        const NAME: &'static str = "pet";
        fn upgrade(from: u32, mut value: serde_json::Value) -> Result<serde_json::Value, String> {
            if from == 1 {
                let name = value["name"].as_str().ok_or("no name")?.to_string();
                let (first, last) = name.split_once(' ').unwrap_or((&name, ""));
                value = serde_json::json!({"first": first, "last": last});
            }
            Ok(value)
        }
    }

    #[test]
    fn version_n_is_read_by_n_plus_one() {
        let old = encode(&PetV1 {
            name: "Ada Lovelace".into(),
        })
        .unwrap();
        let new: PetV2 = decode(&old).unwrap();
        assert_eq!(
            new,
            PetV2 {
                first: "Ada".into(),
                last: "Lovelace".into(),
                legs: 0
            }
        );
    }

    #[test]
    fn a_newer_version_is_refused_not_misread() {
        let new = encode(&PetV2 {
            first: "A".into(),
            last: "B".into(),
            legs: 4,
        })
        .unwrap();
        assert!(matches!(
            decode::<PetV1>(&new),
            Err(StoreError::Newer { found: 2, .. })
        ));
        assert!(matches!(
            decode::<PetV1>(b"\0"),
            Err(StoreError::Corrupt { .. })
        ));
    }
}
