//! Throughput of each normaliser and of comparing one record pair (records per second).
//! Run with `cargo bench --bench normalize`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

// The allocator the program runs with (src/main.rs), so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use myna_recon::judge::compare::compare;
use myna_recon::model::{Person, PersonText};
use myna_recon::normalize::address::parse_address;
use myna_recon::normalize::date::{parse_birth_date, EraCodeScheme};
use myna_recon::normalize::kana::normalize_kana_name;
use myna_recon::normalize::kanji::normalize_kanji_name;
use myna_recon::normalize::sex::parse_sex;
use myna_recon::settings::CompareConfig;
use myna_synth::address::{random_home, Notation};
use myna_synth::Rng;

const KANJI: [&str; 4] = [
    "山田　太郎",
    "髙橋 一郎",
    "佐々木健一",
    "渡邊\u{E0100} 花子",
];
const KANA: [&str; 4] = [
    "ヤマダ　タロウ",
    "ﾀｶﾊｼ ｲﾁﾛｳ",
    "ささき けんいち",
    "ワタナベ キョウコ",
];
const DATES: [&str; 4] = ["19700312", "昭和45年3月12日", "S45.03.12", "3450312"];
const SEXES: [&str; 4] = ["1", "女", "M", "２"];
const ADDRESSES: [&str; 4] = [
    "東京都千代田区神田神保町1丁目2番3号",
    "千代田区神田神保町１－２－３　コーポ山田101",
    "大阪府堺市北区三国ヶ丘御幸通一丁目2番地3",
    "長野県北佐久郡軽井沢町大字軽井沢1323番地",
];

fn normalisers(c: &mut Criterion) {
    let mut group = c.benchmark_group("normalise");
    group.throughput(Throughput::Elements(4));
    group.bench_function("name_kanji", |b| {
        b.iter(|| KANJI.map(|v| normalize_kanji_name(black_box(v))))
    });
    group.bench_function("name_kana", |b| {
        b.iter(|| KANA.map(|v| normalize_kana_name(black_box(v))))
    });
    group.bench_function("birth_date", |b| {
        b.iter(|| DATES.map(|v| parse_birth_date(black_box(v), EraCodeScheme::Jlis)))
    });
    group.bench_function("sex", |b| b.iter(|| SEXES.map(|v| parse_sex(black_box(v)))));
    group.bench_function("address", |b| {
        b.iter(|| ADDRESSES.map(|v| parse_address(black_box(v))))
    });
    group.finish();
}

fn record_pair(c: &mut Criterion) {
    let member = PersonText {
        name_kanji: "髙橋 一郎",
        name_kana: "ﾀｶﾊｼ ｲﾁﾛｳ",
        birth_date: "S45.03.12",
        sex: "男",
        address: "千代田区神田神保町１－２－３",
    };
    let register = PersonText {
        name_kanji: "高橋　一郎",
        name_kana: "タカハシ　イチロウ",
        birth_date: "19700312",
        sex: "1",
        address: "東京都千代田区神田神保町1丁目2番3号",
    };
    let thresholds = CompareConfig::default();
    let mut group = c.benchmark_group("record_pair");
    group.throughput(Throughput::Elements(1));
    group.bench_function("normalise_and_compare", |b| {
        b.iter(|| {
            let m = Person::from_text(black_box(&member), EraCodeScheme::Jlis);
            let r = Person::from_text(black_box(&register), EraCodeScheme::Jlis);
            compare(&member, &m, &register, &r, &thresholds)
        })
    });
    group.finish();
}

/// The addresses of the shipped generated members and register (every notation the
/// generator writes, about a thousand): the mix a run parses. Times per address; 10^6
/// addresses take a million times as long on one core.
fn address_mix(c: &mut Criterion) {
    let mut addresses = Vec::new();
    for text in [
        include_str!("../testdata/members.csv"),
        include_str!("../testdata/register.csv"),
    ] {
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let column = reader
            .headers()
            .expect("a header")
            .iter()
            .position(|h| h == "address")
            .expect("an address column");
        for record in reader.records() {
            addresses.push(record.expect("a row")[column].to_owned());
        }
    }
    bench_parsing(c, "address_mix", &addresses, 100);
}

/// Times parsing every one of `addresses` (throughput: addresses per second).
fn bench_parsing(c: &mut Criterion, name: &str, addresses: &[String], samples: usize) {
    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    group.throughput(Throughput::Elements(addresses.len() as u64));
    group.bench_function("parse_address", |b| {
        b.iter(|| {
            for address in addresses {
                black_box(parse_address(black_box(address)));
            }
        })
    });
    group.finish();
}

/// 10^5 addresses, all different, of homes drawn from every town of the country, each in
/// a notation drawn from all insurers' notations (myna-synth/src/address.rs) and half of them
/// in the register's form: no repeated text for a cache to hide. Times per address; the
/// goal is 10^6 in at most 2 s on one core (2 µs each).
fn address_whole_country(c: &mut Criterion) {
    let mut rng = Rng::new(7);
    let mut addresses = Vec::with_capacity(100_000);
    while addresses.len() < 100_000 {
        let home = random_home(&mut rng);
        let notation = if rng.chance(0.5) {
            Notation::Canonical
        } else {
            *rng.pick(&Notation::ALL)
        };
        if let Some(text) = notation.write(&home) {
            addresses.push(text);
        }
    }
    addresses.sort_unstable();
    addresses.dedup();
    // The gazetteer is parsed once per run, not per address.
    parse_address(&addresses[0]);
    bench_parsing(c, "address_whole_country", &addresses, 10);
}

criterion_group!(
    benches,
    normalisers,
    record_pair,
    address_mix,
    address_whole_country
);
criterion_main!(benches);
