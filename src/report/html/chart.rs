//! The report's bar charts: counts drawn as inline SVG by the template, labels wide enough
//! for their Japanese text.

use super::thousands;

/// A horizontal bar chart drawn as inline SVG by the template.
pub struct Chart {
    pub title: &'static str,
    pub width: usize,
    pub height: usize,
    pub label_width: usize,
    pub bars: Vec<Bar>,
}

pub struct Bar {
    pub label: String,
    pub n: String,
    pub y: usize,
    pub width: usize,
}

impl Chart {
    pub fn of(title: &'static str, counts: &[(String, usize)]) -> Chart {
        const ROW: usize = 26;
        const BAR: usize = 340;
        // Labels are Japanese: about 13 px a character at 13 px, so none is cut off.
        let label_width = counts
            .iter()
            .map(|(label, _)| label.chars().count() * 13 + 16)
            .max()
            .unwrap_or(0)
            .max(80);
        let max = counts.iter().map(|&(_, n)| n).max().unwrap_or(0).max(1);
        Chart {
            title,
            width: label_width + BAR + 90,
            height: ROW * counts.len().max(1) + 10,
            label_width,
            bars: counts
                .iter()
                .enumerate()
                .map(|(i, (label, n))| Bar {
                    label: label.clone(),
                    n: thousands(*n),
                    y: i * ROW + 5,
                    width: (BAR * n).div_ceil(max),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_labels_fit_and_bars_scale() {
        let chart = Chart::of(
            "t",
            &[
                ("世帯員の番号".to_owned(), 10),
                ("双子等の番号取違え".to_owned(), 5),
            ],
        );
        // The longest label (9 characters) fits left of the bars.
        assert!(chart.label_width >= 9 * 13);
        assert_eq!(chart.bars[0].width, 340);
        assert_eq!(chart.bars[1].width, 170);
    }
}
