//! report.html: the auditors' report, one self-contained Japanese page (no network, no
//! external scripts or fonts).
//!
//! In: the judged run (and the diff against the previous run, when given). Out: counts by
//! outcome, MHLW category and reason with an inline-SVG bar chart of each; per attribute the
//! verdict counts; the re-run comparison; and every suspended, contacted or reviewed member
//! (number masked) with the member's and the register's values side by side, the differing
//! characters highlighted and the rule that fired. The members are embedded as JSON and shown
//! 100 to a page by a small inline script, with filters by outcome and reason and a search by
//! member id, so the page stays usable with 10^5 flagged rows (about 500 bytes a row); past
//! [`REPORT_ROWS`] the page says so and embeds the first, suspensions first.
//! Deterministic: nothing in it depends on time or thread count except the run's timestamps.

use std::fmt::Write as _;

use crate::judge::classify::MhlwCategory;
use crate::judge::judged::{Chunk, Judged, RunInputs};
use crate::model::{Attribute, VerdictKind};
use crate::outcome::{Outcome, Reason};
use crate::report::diff::{Change, DiffRow};
use crate::report::lists::{reason_codes, reason_texts};
use crate::report::mask::mask_my_number;
use crate::report::summary::{position, Summary};

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart as inline SVG.
fn bar_chart(title: &str, bars: &[(String, usize)]) -> String {
    let max = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let row_height = 26;
    let label_width = 300;
    let bar_width = 360;
    let height = row_height * bars.len().max(1) + 10;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title),
        label_width + bar_width + 80,
        label_width + bar_width + 80,
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = i * row_height + 5;
        let width = (bar_width * n).div_ceil(max);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">{}</text>\
             <rect x=\"{}\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"#3b6ea8\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\">{n}</text>",
            label_width - 8,
            y + 14,
            escape(label),
            label_width,
            label_width + width + 6,
            y + 14,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn count_table(header: [&str; 2], rows: &[(String, usize)]) -> String {
    let mut html = format!(
        "<table><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        header[0], header[1]
    );
    for (label, n) in rows {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
            escape(label)
        );
    }
    html.push_str("</tbody></table>");
    html
}

/// The flagged members report.html embeds, gathered a chunk of judgements at a time and
/// rendered as JSON rows at the end: id, masked number, outcome, outcome code, MHLW mark,
/// reason codes, reason text, contacted, then per attribute [member, register, verdict,
/// differs]. At most [`REPORT_ROWS`] are embedded: all in list order (the members file's,
/// households together) when they fit, else suspensions first, then contacts, then reviews,
/// each in list order. A member that cannot be embedded is not kept.
#[derive(Default)]
pub struct FlaggedRows {
    /// In list order.
    rows: Vec<FlaggedRow>,
    /// Rows kept per outcome (indexed like [`Outcome::ALL`]).
    kept: [usize; Outcome::ALL.len()],
    /// Members flagged.
    total: usize,
}

/// A flagged member as report.html shows it, held until the rows embedded are known.
struct FlaggedRow {
    outcome: Outcome,
    /// Member id, masked number, reason codes, reason text, then each attribute's member
    /// and register text, each ended by a NUL (which no input field holds: see
    /// [`crate::read`]).
    texts: String,
    contact: bool,
    mhlw: Option<MhlwCategory>,
    verdicts: [Option<VerdictKind>; Attribute::ALL.len()],
}

impl FlaggedRows {
    /// Keeps (on all threads) the flagged members of a chunk that could be embedded.
    pub fn add(&mut self, run_inputs: &RunInputs, chunk: &Chunk) {
        use rayon::prelude::*;
        let mut chosen: Vec<&Judged> = Vec::new();
        for j in chunk
            .judged
            .iter()
            .filter(|j| j.decision.outcome.is_flagged())
        {
            self.total += 1;
            // Kept if it could be among the first REPORT_ROWS once sorted by outcome.
            let outcome = position(&Outcome::ALL, j.decision.outcome);
            let before: usize = self.kept[..outcome].iter().sum();
            if before + self.kept[outcome] < REPORT_ROWS {
                self.kept[outcome] += 1;
                chosen.push(j);
            }
        }
        let rows: Vec<FlaggedRow> = chosen
            .par_iter()
            .map(|j| FlaggedRow::of(run_inputs, chunk, j))
            .collect();
        self.rows.extend(rows);
    }

    /// The JSON array (rendered on all threads, every `<` escaped for the script element), the
    /// rows embedded and the members flagged.
    fn into_json(self) -> (String, usize, usize) {
        use rayon::prelude::*;
        let mut rows = self.rows;
        if self.total > REPORT_ROWS {
            // Stable: each outcome's rows stay in list order.
            rows.sort_by_key(|row| row.outcome);
            rows.truncate(REPORT_ROWS);
        }
        let rendered: Vec<String> = rows.par_iter().map(FlaggedRow::json).collect();
        drop(rows);
        // One array built in place: at 10^5 rows each copy is some 50 MB.
        let mut json =
            String::with_capacity(rendered.iter().map(|row| row.len() + 1).sum::<usize>() + 2);
        json.push('[');
        for (i, row) in rendered.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(row);
        }
        json.push(']');
        (json, rendered.len(), self.total)
    }
}

impl FlaggedRow {
    fn of(run_inputs: &RunInputs, chunk: &Chunk, j: &Judged) -> FlaggedRow {
        let members = &chunk.members;
        let member = run_inputs.member_fields.person.text(members, j.member);
        let register = j
            .register_row
            .map(|row| run_inputs.register_fields.text(&chunk.register, row));
        let mut texts = String::new();
        let mut push = |text: &str| {
            texts.push_str(text);
            texts.push('\0');
        };
        push(members.field(j.member, run_inputs.member_fields.member_id));
        push(&mask_my_number(&run_inputs.number(chunk, j).digits));
        push(&reason_codes(&j.decision));
        push(&reason_texts(run_inputs, chunk, j));
        for attribute in Attribute::ALL {
            push(member.get(attribute));
            push(register.map_or("", |t| t.get(attribute)));
        }
        FlaggedRow {
            outcome: j.decision.outcome,
            texts,
            contact: j.contact,
            mhlw: j.decision.mhlw,
            verdicts: Attribute::ALL.map(|a| j.comparison.map(|c| c.get(a).kind)),
        }
    }

    fn json(&self) -> String {
        let texts: Vec<&str> = self.texts.split_terminator('\0').collect();
        let attributes: [(&str, &str, &str, bool); Attribute::ALL.len()] =
            std::array::from_fn(|a| {
                let verdict = self.verdicts[a];
                (
                    texts[4 + 2 * a],
                    texts[5 + 2 * a],
                    verdict.map_or("照合なし", VerdictKind::japanese),
                    verdict.is_some_and(VerdictKind::differs),
                )
            });
        let row = (
            texts[0],
            texts[1],
            self.outcome.japanese(),
            self.outcome.code(),
            self.mhlw.map_or("", MhlwCategory::mark),
            texts[2],
            texts[3],
            self.contact,
            attributes,
        );
        // No text can close the script or open a comment in it (`</script>`, `<!--`).
        serde_json::to_string(&row)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }
}

/// The most flagged members report.html embeds (about 50 MB): beyond that a browser
/// struggles, and the lists hold every one.
pub const REPORT_ROWS: usize = 100_000;

const STYLE: &str = r#"
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",Meiryo,sans-serif;margin:24px;color:#1d2330;line-height:1.5}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #3b6ea8;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #c9d1dc;padding:3px 8px;font-size:13px;vertical-align:top}
th{background:#eef2f7}.n{text-align:right}.grid{display:flex;flex-wrap:wrap;gap:32px;align-items:flex-start}
.meta td:first-child{background:#f6f8fb;white-space:nowrap}
mark{background:#ffd54a;padding:0}.differs{background:#fff3f0}.controls{margin:8px 0;display:flex;gap:12px;flex-wrap:wrap;align-items:center}
.pager button{margin:0 2px}.note{color:#5a6478;font-size:12px}
"#;

const SCRIPT: &str = r#"
(function(){
var rows=JSON.parse(document.getElementById('flagged-data').textContent);
var attrs=['漢字氏名','カナ氏名','生年月日','性別','住所'];
var pageSize=100,page=0,view=rows;
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}
function marked(a,b){
  var x=Array.from(a),y=Array.from(b),n=x.length,m=y.length;
  if(n*m>40000){return a===b?esc(a):'<mark>'+esc(a)+'</mark>';}
  var t=[];for(var i=0;i<=n;i++){t.push(new Array(m+1).fill(0));}
  for(var i=n-1;i>=0;i--)for(var j=m-1;j>=0;j--)t[i][j]=x[i]===y[j]?t[i+1][j+1]+1:Math.max(t[i+1][j],t[i][j+1]);
  var out='',i=0,j=0;
  while(i<n){if(j<m&&x[i]===y[j]){out+=esc(x[i]);i++;j++;}else if(j<m&&t[i][j+1]>=t[i+1][j]){j++;}else{out+='<mark>'+esc(x[i])+'</mark>';i++;}}
  return out;
}
function render(){
  var body=document.getElementById('flagged-body'),html='';
  var pages=Math.max(1,Math.ceil(view.length/pageSize));if(page>=pages)page=pages-1;
  view.slice(page*pageSize,(page+1)*pageSize).forEach(function(r){
    var cells='';
    r[8].forEach(function(a,k){
      cells+='<tr class="'+(a[3]?'differs':'')+'"><th>'+attrs[k]+'</th><td>'+marked(a[0],a[1])+'</td><td>'+marked(a[1],a[0])+'</td><td>'+esc(a[2])+'</td></tr>';
    });
    html+='<tr><td>'+esc(r[0])+'<br><span class="note">'+esc(r[1])+'</span></td><td>'+esc(r[2])+(r[7]?'<br><span class="note">本人連絡あり</span>':'')+'</td><td>'+esc(r[4])+'</td><td>'+esc(r[6])+'<br><span class="note">'+esc(r[5])+'</span></td><td><table><tr><th></th><th>加入者情報</th><th>住民基本台帳</th><th>判定</th></tr>'+cells+'</table></td></tr>';
  });
  body.innerHTML=html||'<tr><td colspan="5">該当なし</td></tr>';
  document.getElementById('page-info').textContent=view.length+'件中 '+(view.length?page*pageSize+1:0)+'–'+Math.min(view.length,(page+1)*pageSize)+'件 （'+(page+1)+'/'+pages+'ページ）';
}
function apply(){
  var o=document.getElementById('f-outcome').value,r=document.getElementById('f-reason').value,q=document.getElementById('f-id').value.trim();
  view=rows.filter(function(x){return(!o||x[3]===o)&&(!r||(';'+x[5]+';').indexOf(';'+r+';')>=0)&&(!q||x[0].indexOf(q)>=0);});
  page=0;render();
}
['f-outcome','f-reason'].forEach(function(id){document.getElementById(id).addEventListener('change',apply);});
document.getElementById('f-id').addEventListener('input',apply);
document.getElementById('prev').addEventListener('click',function(){if(page>0){page--;render();}});
document.getElementById('next').addEventListener('click',function(){if((page+1)*pageSize<view.length){page++;render();}});
render();
})();
"#;

/// Builds report.html.
pub fn render(flagged: FlaggedRows, summary: &Summary, diff: Option<&[DiffRow]>) -> String {
    let counts = &summary.counts;
    let outcome_bars: Vec<(String, usize)> = Outcome::ALL
        .iter()
        .map(|o| (o.japanese().to_owned(), counts.by_outcome[o.code()]))
        .collect();
    let mhlw_bars: Vec<(String, usize)> = MhlwCategory::ALL
        .iter()
        .map(|c| {
            let label = match c {
                MhlwCategory::BirthDateOrSex => "① 生年月日・性別の相違",
                MhlwCategory::BothNames => "② 漢字氏名・カナ氏名の相違",
                MhlwCategory::NameAndAddress => "③ 氏名の一方・住所の相違",
            };
            (label.to_owned(), counts.by_mhlw_category[c.code()])
        })
        .collect();
    let reason_bars: Vec<(String, usize)> = Reason::ALL
        .iter()
        .map(|r| {
            (
                format!("{} {}", r.code(), short_reason(*r)),
                counts.by_reason[r.code()],
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();

    let mut html = String::with_capacity(64 * 1024);
    html.push_str("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    html.push_str("<title>マイナンバー照合結果報告</title><style>");
    html.push_str(STYLE);
    html.push_str("</style></head><body><h1>マイナンバー照合結果報告</h1>");

    let inputs = &summary.inputs;
    let _ = write!(
        html,
        "<table class=\"meta\"><tr><td>プログラム</td><td>{} {}</td></tr>\
         <tr><td>実行</td><td>{} 〜 {}</td></tr>\
         <tr><td>加入者ファイル</td><td>{}（{}行、SHA-256 {}）</td></tr>\
         <tr><td>住基照会結果ファイル</td><td>{}（{}行、SHA-256 {}）</td></tr>\
         <tr><td>設定ファイル</td><td>{}</td></tr>\
         <tr><td>判定ポリシー</td><td>{}（{}）</td></tr></table>",
        summary.program,
        summary.version,
        summary.started_at,
        summary.finished_at,
        escape(&inputs.members.path),
        inputs.members.rows_read,
        inputs.members.sha256,
        escape(&inputs.register.path),
        inputs.register.rows_read,
        inputs.register.sha256,
        summary
            .config_file
            .as_deref()
            .map_or("（既定値）".to_owned(), escape),
        escape(&summary.policy.name),
        match summary.policy.name.as_str() {
            "mhlw-2023" => "厚生労働省2023年の①②③の表どおり",
            "default" => "表記ゆれと別人を区別する既定の判定",
            _ => "保険者が定めた規則",
        },
    );

    html.push_str("<h2>判定別の件数</h2><div class=\"grid\">");
    html.push_str(&count_table(["判定", "件数"], &outcome_bars));
    html.push_str(&bar_chart("判定別の件数", &outcome_bars));
    let _ = write!(
        html,
        "</div><p>本人連絡の対象: {}件（資格喪失者には連絡しません）。取込不可の行: {}件（rejects.csv）。</p>",
        counts.contacted,
        counts.members_rejected + counts.register_rows_rejected
    );

    html.push_str("<h2>厚生労働省の区分（2023年）別の件数</h2><div class=\"grid\">");
    html.push_str(&count_table(["区分", "件数"], &mhlw_bars));
    html.push_str(&bar_chart("厚生労働省の区分別の件数", &mhlw_bars));
    html.push_str("</div><h2>理由別の件数</h2><div class=\"grid\">");
    html.push_str(&count_table(["理由", "件数"], &reason_bars));
    html.push_str(&bar_chart("理由別の件数", &reason_bars));
    html.push_str("</div>");

    html.push_str("<h2>項目別の照合結果</h2><table><thead><tr><th>項目</th>");
    for kind in VerdictKind::ALL {
        let _ = write!(html, "<th class=\"n\">{}</th>", kind.japanese());
    }
    html.push_str("<th class=\"n\">照合なし</th></tr></thead><tbody>");
    for attribute in Attribute::ALL {
        let per_kind = &counts.by_attribute_verdict[attribute.code()];
        let _ = write!(html, "<tr><td>{}</td>", attribute.japanese());
        for kind in VerdictKind::ALL {
            let _ = write!(html, "<td class=\"n\">{}</td>", per_kind[kind.code()]);
        }
        let _ = write!(
            html,
            "<td class=\"n\">{}</td></tr>",
            per_kind["not_compared"]
        );
    }
    html.push_str("</tbody></table>");

    if let Some(rows) = diff {
        html.push_str("<h2>前回の照合との比較</h2>");
        let bars: Vec<(String, usize)> = Change::ALL
            .iter()
            .map(|&c| {
                (
                    c.japanese().to_owned(),
                    rows.iter().filter(|r| r.change == c).count(),
                )
            })
            .collect();
        html.push_str("<div class=\"grid\">");
        html.push_str(&count_table(["区分", "件数"], &bars));
        html.push_str(&bar_chart("前回との比較", &bars));
        html.push_str("</div><p class=\"note\">新規: 今回初めて停止・連絡・内部確認の対象。継続: 前回も対象。解消: 前回は対象で今回は対象外（一覧は diff.csv）。</p>");
    }

    let (flagged, shown, total) = flagged.into_json();
    html.reserve(flagged.len() + SCRIPT.len() + 4096);
    html.push_str("<h2>対象者の照合内容（閲覧停止・本人確認・内部確認）</h2>");
    if shown < total {
        let _ = write!(
            html,
            "<p class=\"note\"><strong>対象者{total}件のうち、閲覧停止・本人確認・内部確認の順に先頭{shown}件を掲載しています。</strong></p>"
        );
    }
    html.push_str("<p class=\"note\">個人番号は下4桁のみ表示。色付きの行は相違と判定された項目、黄色の文字は両者で異なる文字です。1ページ100件。全件は results.csv、suspension_list.csv、contact_list.csv、review_list.csv にあります。</p>");
    html.push_str("<div class=\"controls\"><label>判定 <select id=\"f-outcome\"><option value=\"\">すべて</option>");
    for outcome in Outcome::ALL.iter().filter(|o| o.is_flagged()) {
        let _ = write!(
            html,
            "<option value=\"{}\">{}</option>",
            outcome.code(),
            outcome.japanese()
        );
    }
    html.push_str(
        "</select></label><label>理由 <select id=\"f-reason\"><option value=\"\">すべて</option>",
    );
    for reason in Reason::ALL {
        let _ = write!(
            html,
            "<option value=\"{}\">{}</option>",
            reason.code(),
            reason.code()
        );
    }
    html.push_str("</select></label><label>加入者ID <input id=\"f-id\" type=\"search\"></label>");
    html.push_str("<span class=\"pager\"><button id=\"prev\" type=\"button\">前へ</button><button id=\"next\" type=\"button\">次へ</button></span><span id=\"page-info\"></span></div>");
    html.push_str("<table><thead><tr><th>加入者ID</th><th>判定</th><th>MHLW区分</th><th>適用した規則</th><th>照合内容</th></tr></thead><tbody id=\"flagged-body\"><tr><td colspan=\"5\">表示するにはJavaScriptを有効にしてください。</td></tr></tbody></table>");
    let _ = writeln!(
        html,
        "<script type=\"application/json\" id=\"flagged-data\">{flagged}</script><script>{SCRIPT}</script></body></html>"
    );
    html
}

/// A few words for a reason, for chart labels.
fn short_reason(reason: Reason) -> &'static str {
    match reason {
        Reason::NumberMalformed => "番号形式不正",
        Reason::LeadingZeroLost => "番号の先頭0欠落",
        Reason::NumberInScientificNotation => "番号の指数表記",
        Reason::CheckDigitFails => "検査用数字不一致",
        Reason::NotInRegister => "住基に該当なし",
        Reason::HeldByOtherMembers => "資格重複",
        Reason::BirthDateDiffers => "生年月日相違",
        Reason::SexDiffers => "性別相違",
        Reason::BothNamesDiffer => "氏名（漢字・カナ）相違",
        Reason::NameAndAddressDiffer => "氏名一方・住所相違",
        Reason::AddressDiffers => "住所相違",
        Reason::KanjiNameDiffers => "漢字氏名相違",
        Reason::BirthDateOrSexUnreadable => "生年月日・性別読取不能",
        Reason::BirthDateSpreadsheetDamage => "生年月日の表計算ソフトによる変形",
        Reason::LapsedCannotBeAsked => "資格喪失者",
        Reason::SurnameChanged => "改姓",
        Reason::NameUnverifiable => "代替文字",
        Reason::BirthDateSlip => "生年月日の入力誤り疑い",
        Reason::HouseholdMoved => "世帯で転居",
        Reason::HouseholdSwap => "世帯内で番号入替",
        Reason::TwinsCrossed => "双子等の番号取違え",
        Reason::NumberOfHouseholdMember => "世帯員の番号",
        Reason::HeldInHousehold => "世帯内で番号重複",
        Reason::AddressNotSharedByHousehold => "世帯と異なる住所",
        Reason::KanaReadingDiffers => "カナ氏名相違",
        Reason::LapsedReviewedInternally => "資格喪失者（内部確認）",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_draws_one_bar_per_row() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let svg = bar_chart("t", &[("a".into(), 3), ("<b>".into(), 0)]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("&lt;b&gt;"));
    }
}
