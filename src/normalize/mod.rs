//! Normalisers, one per attribute, each a set of small pure functions with table-driven
//! tests: `width` (shared width/compatibility folding), `kanji` (漢字氏名) with `variants`
//! (the embedded 異体字 table), `kana` (カナ氏名), `date` (生年月日), `sex` (性別),
//! `address` (住所) with `gazetteer` (the embedded prefectures, cities and towns) and
//! `numeral` (kanji and digit numbers), and `number` (the My Number's form and check digit).

pub mod address;
pub mod date;
pub mod gazetteer;
pub mod kana;
pub mod kanji;
pub mod number;
pub mod numeral;
pub mod sex;
pub mod spreadsheet;
pub mod variants;
pub mod width;
