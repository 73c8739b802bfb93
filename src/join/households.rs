//! Members grouped by household, and the groups cut into chunks of whole households: the
//! order members are judged in (households in the order of their first member).

use rayon::prelude::*;

use super::keys::TextHash;

/// Indices into the used members, grouped by household (members without a household id
/// stand alone), each with its household's key: the index of its first member. Households
/// come in the order of their first member, so a file written household by household is
/// read in its own order. `households(row)` is the hash of the row's household id; two
/// households sharing a hash are taken as one here and told apart when checked.
pub(super) fn household_order(
    used_members: &[usize],
    households: impl Fn(usize) -> TextHash + Sync,
) -> Vec<(u32, u32)> {
    let mut hashed: Vec<(TextHash, u32)> = used_members
        .par_iter()
        .enumerate()
        .map(|(i, &row)| (households(row), i as u32))
        .filter(|&(hash, _)| !hash.is_empty())
        .collect();
    hashed.par_sort_unstable();
    let mut key: Vec<u32> = (0..used_members.len() as u32).collect();
    for household in hashed.chunk_by(|a, b| a.0 == b.0) {
        let first = household[0].1;
        for &(_, i) in household {
            key[i as usize] = first;
        }
    }
    drop(hashed);
    let mut order: Vec<(u32, u32)> = key.into_iter().zip(0..).collect();
    if !order.is_sorted() {
        order.par_sort_unstable();
    }
    order
}

/// The order cut into chunks of about `size` members, never inside a household.
pub fn household_chunks(order: &[(u32, u32)], size: usize) -> Vec<&[(u32, u32)]> {
    let mut chunks = Vec::new();
    let mut rest = order;
    while !rest.is_empty() {
        let mut end = size.min(rest.len());
        while end < rest.len() && rest[end].0 == rest[end - 1].0 {
            end += 1;
        }
        let (chunk, after) = rest.split_at(end);
        chunks.push(chunk);
        rest = after;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Households in the order of their first member, each whole, members without one alone;
    /// two households sharing a hash stay together (and are told apart when checked).
    #[test]
    fn households_ordered_by_first_member_and_chunked_whole() {
        // Rows 0..8 used but row 3; hashes of their household ids (0: none).
        let used = [0, 1, 2, 4, 5, 6, 7, 8];
        let hashes = [7, 0, 9, 0, 7, 9, 0, 7, 0].map(|h| match h {
            0 => TextHash::EMPTY,
            h => TextHash::of(&h.to_string()),
        });
        let order = household_order(&used, |row| hashes[row]);
        let indices: Vec<u32> = order.iter().map(|&(_, i)| i).collect();
        assert_eq!(indices, [0, 3, 6, 1, 2, 4, 5, 7]);
        let chunks = household_chunks(&order, 2);
        let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        // Cut after two members, but never inside a household: the three of hash 7; row 1
        // alone with the first of hash 9, and so its second; rows 6 and 8, alone.
        assert_eq!(sizes, [3, 3, 2]);
    }
}
