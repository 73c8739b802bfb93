//! Name and building pools for synthetic data: common surnames and given names with their
//! readings, kanji variants real extracts carry, and building names (places come from the
//! gazetteer, see `address`).
//! Invented combinations of public words; no real person's data.

use std::sync::OnceLock;

use myna_recon::normalize::kanji::normalize_kanji_name;

/// (surname, reading). Some share a reading with another (斎藤/斉藤, 菊地/菊池).
pub const SURNAMES: &[(&str, &str)] = &[
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("阿部", "アベ"),
    ("石川", "イシカワ"),
    ("山下", "ヤマシタ"),
    ("中島", "ナカジマ"),
    ("石井", "イシイ"),
    ("小川", "オガワ"),
    ("前田", "マエダ"),
    ("岡田", "オカダ"),
    ("長谷川", "ハセガワ"),
    ("藤田", "フジタ"),
    ("後藤", "ゴトウ"),
    ("近藤", "コンドウ"),
    ("村上", "ムラカミ"),
    ("遠藤", "エンドウ"),
    ("青木", "アオキ"),
    ("坂本", "サカモト"),
    ("斉藤", "サイトウ"),
    ("福田", "フクダ"),
    ("太田", "オオタ"),
    ("西村", "ニシムラ"),
    ("藤井", "フジイ"),
    ("金子", "カネコ"),
    ("岡本", "オカモト"),
    ("藤原", "フジワラ"),
    ("中野", "ナカノ"),
    ("三浦", "ミウラ"),
    ("原田", "ハラダ"),
    ("中川", "ナカガワ"),
    ("松田", "マツダ"),
    ("竹内", "タケウチ"),
    ("小野", "オノ"),
    ("田村", "タムラ"),
    ("中山", "ナカヤマ"),
    ("和田", "ワダ"),
    ("石田", "イシダ"),
    ("森田", "モリタ"),
    ("上田", "ウエダ"),
    ("原", "ハラ"),
    ("内田", "ウチダ"),
    ("柴田", "シバタ"),
    ("酒井", "サカイ"),
    ("宮崎", "ミヤザキ"),
    ("横山", "ヨコヤマ"),
    ("高木", "タカギ"),
    ("安藤", "アンドウ"),
    ("宮本", "ミヤモト"),
    ("大野", "オオノ"),
    ("小島", "コジマ"),
    ("工藤", "クドウ"),
    ("谷口", "タニグチ"),
    ("今井", "イマイ"),
    ("高田", "タカダ"),
    ("増田", "マスダ"),
    ("丸山", "マルヤマ"),
    ("杉山", "スギヤマ"),
    ("村田", "ムラタ"),
    ("大塚", "オオツカ"),
    ("新井", "アライ"),
    ("小山", "コヤマ"),
    ("平野", "ヒラノ"),
    ("藤本", "フジモト"),
    ("河野", "コウノ"),
    ("上野", "ウエノ"),
    ("野口", "ノグチ"),
    ("武田", "タケダ"),
    ("松井", "マツイ"),
    ("千葉", "チバ"),
    ("岩崎", "イワサキ"),
    ("菅原", "スガワラ"),
    ("木下", "キノシタ"),
    ("久保", "クボ"),
    ("佐野", "サノ"),
    ("野村", "ノムラ"),
    ("松尾", "マツオ"),
    ("市川", "イチカワ"),
    ("菊地", "キクチ"),
    ("杉本", "スギモト"),
    ("古川", "フルカワ"),
    ("大西", "オオニシ"),
    ("島田", "シマダ"),
    ("水野", "ミズノ"),
    ("桜井", "サクライ"),
    ("高野", "タカノ"),
    ("渡部", "ワタナベ"),
    ("吉川", "ヨシカワ"),
    ("山内", "ヤマウチ"),
    ("西田", "ニシダ"),
    ("飯田", "イイダ"),
    ("菊池", "キクチ"),
    ("西川", "ニシカワ"),
    ("小松", "コマツ"),
    ("北村", "キタムラ"),
    ("安田", "ヤスダ"),
    ("五十嵐", "イガラシ"),
    ("川口", "カワグチ"),
    ("平田", "ヒラタ"),
    ("関", "セキ"),
    ("中田", "ナカタ"),
    ("久保田", "クボタ"),
    ("東", "ヒガシ"),
    ("服部", "ハットリ"),
    ("浜田", "ハマダ"),
    ("沢田", "サワダ"),
    ("富田", "トミタ"),
    ("広瀬", "ヒロセ"),
    ("塚本", "ツカモト"),
    ("吉村", "ヨシムラ"),
    ("国分", "コクブ"),
    ("辻", "ツジ"),
    ("大久保", "オオクボ"),
    ("高山", "タカヤマ"),
    ("島崎", "シマザキ"),
];

/// (given name, reading) for men. Several readings carry small kana (ショウタ, リュウジ).
pub const MALE_GIVEN: &[(&str, &str)] = &[
    ("太郎", "タロウ"),
    ("一郎", "イチロウ"),
    ("健一", "ケンイチ"),
    ("翔太", "ショウタ"),
    ("大輔", "ダイスケ"),
    ("拓也", "タクヤ"),
    ("直樹", "ナオキ"),
    ("隆", "タカシ"),
    ("誠", "マコト"),
    ("浩", "ヒロシ"),
    ("健太", "ケンタ"),
    ("達也", "タツヤ"),
    ("和也", "カズヤ"),
    ("亮", "リョウ"),
    ("翼", "ツバサ"),
    ("大樹", "ダイキ"),
    ("悠斗", "ユウト"),
    ("蓮", "レン"),
    ("陽翔", "ハルト"),
    ("湊", "ミナト"),
    ("修", "オサム"),
    ("勇気", "ユウキ"),
    ("竜二", "リュウジ"),
    ("俊介", "シュンスケ"),
    ("雄一", "ユウイチ"),
    ("正樹", "マサキ"),
    ("秀樹", "ヒデキ"),
    ("純一", "ジュンイチ"),
    ("昭", "アキラ"),
    ("茂", "シゲル"),
    ("進", "ススム"),
    ("稔", "ミノル"),
    ("慎吾", "シンゴ"),
    ("康介", "コウスケ"),
    ("祐介", "ユウスケ"),
    ("恭平", "キョウヘイ"),
    ("駿", "シュン"),
    ("洋平", "ヨウヘイ"),
    ("智也", "トモヤ"),
    ("光", "ヒカル"),
    ("次郎", "ジロウ"),
    ("健二", "ケンジ"),
    ("雄大", "ユウダイ"),
    ("航", "ワタル"),
];

/// (given name, reading) for women. ミヅキ and チヅル carry ヅ; 菜々子 an iteration mark.
pub const FEMALE_GIVEN: &[(&str, &str)] = &[
    ("花子", "ハナコ"),
    ("京子", "キョウコ"),
    ("洋子", "ヨウコ"),
    ("恵子", "ケイコ"),
    ("幸子", "サチコ"),
    ("裕子", "ユウコ"),
    ("美穂", "ミホ"),
    ("由美", "ユミ"),
    ("真由美", "マユミ"),
    ("久美子", "クミコ"),
    ("直美", "ナオミ"),
    ("智子", "トモコ"),
    ("陽子", "ヨウコ"),
    ("純子", "ジュンコ"),
    ("明美", "アケミ"),
    ("さくら", "サクラ"),
    ("美咲", "ミサキ"),
    ("愛", "アイ"),
    ("結衣", "ユイ"),
    ("葵", "アオイ"),
    ("陽菜", "ヒナ"),
    ("凛", "リン"),
    ("芽依", "メイ"),
    ("美優", "ミユ"),
    ("彩", "アヤ"),
    ("千尋", "チヒロ"),
    ("舞", "マイ"),
    ("優子", "ユウコ"),
    ("涼子", "リョウコ"),
    ("祥子", "ショウコ"),
    ("響子", "キョウコ"),
    ("珠美", "タマミ"),
    ("瑞希", "ミズキ"),
    ("美月", "ミヅキ"),
    ("千鶴", "チヅル"),
    ("菜々子", "ナナコ"),
    ("奈々", "ナナ"),
    ("由紀", "ユキ"),
    ("早苗", "サナエ"),
    ("静香", "シズカ"),
];

/// Variant forms (異体字/旧字, compatibility ideographs, a kanji with an ideographic variation
/// selector) that members' records carry instead of a standard kanji. Which standard kanji
/// each stands for is the library's table's to say (see [`kanji_variants`]).
pub const RECORDED_VARIANTS: &[&str] = &[
    "髙",
    "﨑",
    "嵜",
    "邊",
    "邉",
    "齋",
    "齊",
    "澤",
    "濱",
    "嶋",
    "冨",
    "𠮷",
    "廣",
    "國",
    "櫻",
    "\u{FA10}",
    "辻\u{E0100}",
];

/// The standard kanji of [`RECORDED_VARIANTS`], each with the variants recorded for it, in
/// the order first listed: the standard form is the one myna-recon's normaliser folds the
/// variant to, so the generator never holds a variant table of its own.
pub fn kanji_variants() -> &'static [(char, Vec<&'static str>)] {
    static VARIANTS: OnceLock<Vec<(char, Vec<&'static str>)>> = OnceLock::new();
    VARIANTS.get_or_init(|| {
        let mut variants: Vec<(char, Vec<&'static str>)> = Vec::new();
        for &variant in RECORDED_VARIANTS {
            let standard = standard_kanji(variant);
            match variants.iter_mut().find(|(s, _)| *s == standard) {
                Some((_, forms)) => forms.push(variant),
                None => variants.push((standard, vec![variant])),
            }
        }
        variants
    })
}

/// The one standard kanji a recorded variant folds to.
fn standard_kanji(variant: &str) -> char {
    let folded = normalize_kanji_name(variant).variant_key;
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(standard), None) if folded != variant => standard,
        _ => panic!("{variant:?} is not a variant the normaliser folds to one kanji"),
    }
}

/// Given names that share a reading (twins 貴志 and 崇史, both タカシ): (reading, sex is
/// male, the kanji).
pub const SAME_READING_GIVEN: &[(&str, bool, &[&str])] = &[
    ("タカシ", true, &["貴志", "崇史", "隆", "孝", "高志"]),
    ("ヒロシ", true, &["博", "浩", "宏", "弘"]),
    ("マコト", true, &["誠", "真", "信"]),
    ("ケンジ", true, &["健二", "賢治", "憲司"]),
    ("ショウタ", true, &["翔太", "翔大", "将太"]),
    ("カズキ", true, &["一樹", "和樹", "和輝"]),
    ("イクミ", false, &["郁充", "郁望", "育美"]),
    ("ユウコ", false, &["裕子", "優子", "祐子"]),
    ("アヤカ", false, &["彩花", "綾香", "彩加"]),
    ("ミユ", false, &["美優", "未夢", "実由"]),
    ("ヒロミ", false, &["博美", "裕美", "弘美"]),
];

/// Given names written alike but for a variant kanji, read differently (髙志 タカユキ and
/// 高志 タカシ): (kanji, reading, the other's kanji, its reading, sex is male).
pub const VARIANT_GIVEN: &[(&str, &str, &str, &str, bool)] = &[
    ("高志", "タカシ", "髙志", "タカユキ", true),
    ("崎人", "サキト", "﨑人", "サキヒト", true),
    ("広美", "ヒロミ", "廣美", "ヒロヨシ", false),
    ("沢子", "サワコ", "澤子", "タクコ", false),
];

/// Building names; a room number is added.
pub const BUILDINGS: &[&str] = &[
    "コーポ山田",
    "サンハイツ",
    "グランドメゾン",
    "メゾン・ド・ソレイユ",
    "パークハウス",
    "ライオンズマンション",
    "第二清風荘",
    "ハイツ緑ヶ丘",
    "ロイヤルヒルズ",
    "シティタワー",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_recorded_variant_has_the_standard_form_names_are_drawn_in() {
        let standards: Vec<char> = kanji_variants().iter().map(|(s, _)| *s).collect();
        assert_eq!(
            standards.iter().collect::<String>(),
            "高崎辺斎斉沢浜島富吉広国桜塚辻"
        );
        let forms: usize = kanji_variants().iter().map(|(_, v)| v.len()).sum();
        assert_eq!(forms, RECORDED_VARIANTS.len());
    }
}
