//! Resolutions applied: a flag the operator settled (理由付き疑いなし, 訂正済; read by
//! [`crate::read::resolutions`]) is honoured only while the fingerprint — a hash of the
//! member's number and five attributes and the register's row — is unchanged: if either side
//! changed, the member is judged afresh. A resolution without a fingerprint cannot show the
//! data are unchanged, so it is never honoured; the member is judged afresh and results.csv
//! says why.

use sha2::{Digest, Sha256};

use crate::model::PersonText;
use crate::read::resolutions::{Resolution, Resolutions};

/// What became of a member's resolution in this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolutionStatus {
    /// Data unchanged: the member is not listed again.
    Honoured,
    /// The member's or the register's data changed since: judged afresh.
    DataChanged,
    /// No fingerprint in the file: judged afresh.
    NoFingerprint,
}

impl ResolutionStatus {
    pub fn japanese(self) -> &'static str {
        match self {
            ResolutionStatus::Honoured => "適用（データ変更なし）",
            ResolutionStatus::DataChanged => "再判定（解決後にデータが変更されたため）",
            ResolutionStatus::NoFingerprint => "再判定（解決記録に照合データ指紋がないため）",
        }
    }
}

/// A short hash of what a judgement rests on: the member's number and five attributes and
/// the register's five attributes (or their absence). Written as 16 hex characters;
/// reveals nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint(u64);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The [`Fingerprint`] of a member's number and attributes and the register's.
pub fn fingerprint(
    number: &str,
    member: &PersonText,
    register: Option<&PersonText>,
) -> Fingerprint {
    let mut hasher = Sha256::new();
    let mut field = |text: &str| {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    field(number);
    for person in [Some(member), register] {
        match person {
            Some(p) => {
                for text in [p.name_kanji, p.name_kana, p.birth_date, p.sex, p.address] {
                    field(text);
                }
            }
            None => field("\u{0}no register row"),
        }
    }
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    Fingerprint(u64::from_be_bytes(first))
}

/// How a resolution applies to data with `current` fingerprint.
pub fn status(resolution: &Resolution, current: Fingerprint) -> ResolutionStatus {
    if resolution.fingerprint.is_empty() {
        ResolutionStatus::NoFingerprint
    } else if resolution
        .fingerprint
        .eq_ignore_ascii_case(&current.to_string())
    {
        ResolutionStatus::Honoured
    } else {
        ResolutionStatus::DataChanged
    }
}

/// The member's resolution, if the file has one, with how it applies to data of
/// `fingerprint`. (Boxed: few members have one.)
pub fn applied(
    resolutions: Option<&Resolutions>,
    member_id: &str,
    fingerprint: Fingerprint,
) -> Option<Box<(Resolution, ResolutionStatus)>> {
    let resolution = resolutions?.by_member.get(member_id)?;
    Some(Box::new((
        resolution.clone(),
        status(resolution, fingerprint),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(address: &str) -> PersonText<'_> {
        PersonText {
            name_kanji: "山田 太郎",
            name_kana: "ヤマダ タロウ",
            birth_date: "19700101",
            sex: "1",
            address,
        }
    }

    #[test]
    fn fingerprints_change_with_either_side() {
        let a = fingerprint("123456789018", &person("東京都"), Some(&person("東京都")));
        assert_eq!(a.to_string().len(), 16);
        assert_eq!(
            a,
            fingerprint("123456789018", &person("東京都"), Some(&person("東京都")))
        );
        assert_ne!(
            a,
            fingerprint("123456789018", &person("大阪府"), Some(&person("東京都")))
        );
        assert_ne!(
            a,
            fingerprint("123456789018", &person("東京都"), Some(&person("大阪府")))
        );
        assert_ne!(a, fingerprint("123456789018", &person("東京都"), None));
        assert!(!a.to_string().contains("123456789018"));
    }

    #[test]
    fn status_follows_the_fingerprint() {
        let mut resolution = Resolution {
            member_id: "A".into(),
            decision: "理由付き疑いなし".into(),
            reason: String::new(),
            date: String::new(),
            who: String::new(),
            fingerprint: "00000000000000FF".into(),
            line: 2,
        };
        assert_eq!(
            status(&resolution, Fingerprint(0xff)),
            ResolutionStatus::Honoured
        );
        assert_eq!(
            status(&resolution, Fingerprint(0xfe)),
            ResolutionStatus::DataChanged
        );
        resolution.fingerprint.clear();
        assert_eq!(
            status(&resolution, Fingerprint(0xff)),
            ResolutionStatus::NoFingerprint
        );
    }
}
