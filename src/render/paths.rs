//! Career path graphs as files: DOT (Graphviz), GraphML (Gephi, yEd) and
//! the small SVG diagram of a document's "Career path" section, laid out
//! by the `layout-rs` crate (a Sugiyama-style layered layout). Pure: data
//! from `derive::paths` in, text out. Every text from sources is escaped
//! for the format it goes into (DOT quoted strings; XML for GraphML and
//! SVG, which `layout-rs` escapes in its text elements too).

use std::fmt::Write;

use crate::derive::paths::{GraphClass, GraphEdge};

/// A DOT string literal: quotes and backslashes escaped, line breaks as
/// `\n`, control characters dropped.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn months_label(m: Option<f64>) -> String {
    match m {
        Some(m) => crate::derive::phrase::months_figure(m),
        None => "experience".to_string(),
    }
}

/// A Graphviz digraph: one node per class (entry-level ones drawn bold,
/// abolished ones dashed), an edge per route with its months.
pub fn dot(classes: &[GraphClass], edges: &[GraphEdge]) -> String {
    let mut o = String::from("digraph career_paths {\n  rankdir=LR;\n  node [shape=box];\n");
    for c in classes {
        let mut attrs = vec![format!("label={}", dot_str(&format!("{}\n{}", c.title, c.reference)))];
        if c.entry {
            attrs.push("style=bold".into());
        }
        if c.abolished {
            attrs.push("style=dashed".into());
        }
        if let Some(g) = &c.group {
            attrs.push(format!("group={}", dot_str(g)));
        }
        let _ = writeln!(o, "  {} [{}];", dot_str(&c.reference), attrs.join(", "));
    }
    for e in edges {
        let _ = writeln!(
            o,
            "  {} -> {} [label={}];",
            dot_str(&e.from),
            dot_str(&e.to),
            dot_str(&format!("route {}: {}", e.route, months_label(e.months)))
        );
    }
    o.push_str("}\n");
    o
}

/// GraphML with the classes' and edges' data as typed attributes.
pub fn graphml(classes: &[GraphClass], edges: &[GraphEdge]) -> String {
    let mut o = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (id, on, name, ty) in [
        ("title", "node", "title", "string"),
        ("group", "node", "group", "string"),
        ("entry", "node", "entry", "boolean"),
        ("reachable", "node", "reachable", "boolean"),
        ("abolished", "node", "abolished", "boolean"),
        ("stage", "node", "stage", "string"),
        ("months_from_entry", "node", "months_from_entry", "double"),
        ("route", "edge", "route", "string"),
        ("months", "edge", "months", "double"),
        ("kind", "edge", "kind", "string"),
    ] {
        let _ = writeln!(
            o,
            "  <key id=\"{id}\" for=\"{on}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    o.push_str("  <graph id=\"career-paths\" edgedefault=\"directed\">\n");
    for c in classes {
        let _ = writeln!(o, "    <node id=\"{}\">", crate::text::escape_xml(&c.reference));
        let _ = writeln!(
            o,
            "      <data key=\"title\">{}</data>",
            crate::text::escape_xml(&c.title)
        );
        if let Some(g) = &c.group {
            let _ = writeln!(o, "      <data key=\"group\">{}</data>", crate::text::escape_xml(g));
        }
        let _ = writeln!(o, "      <data key=\"entry\">{}</data>", c.entry);
        let _ = writeln!(o, "      <data key=\"reachable\">{}</data>", c.reachable);
        let _ = writeln!(o, "      <data key=\"abolished\">{}</data>", c.abolished);
        if let Some(stage) = c.stage {
            let _ = writeln!(o, "      <data key=\"stage\">{stage}</data>");
        }
        if let Some(m) = c.months_from_entry {
            let _ = writeln!(o, "      <data key=\"months_from_entry\">{m}</data>");
        }
        o.push_str("    </node>\n");
    }
    for (i, e) in edges.iter().enumerate() {
        let _ = writeln!(
            o,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            crate::text::escape_xml(&e.from),
            crate::text::escape_xml(&e.to)
        );
        let _ = writeln!(
            o,
            "      <data key=\"route\">{}</data>",
            crate::text::escape_xml(&e.route)
        );
        if let Some(m) = e.months {
            let _ = writeln!(o, "      <data key=\"months\">{m}</data>");
        }
        let _ = writeln!(o, "      <data key=\"kind\">{}</data>", e.kind);
        o.push_str("    </edge>\n");
    }
    o.push_str("  </graph>\n</graphml>\n");
    o
}

/// At most this many classes on each side of a diagram (the section's
/// lists name them all).
const SIDE: usize = 8;

fn short(title: &str) -> String {
    const MAX: usize = 34;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The diagram of a document's career path section as an inline SVG for
/// HTML: the classes that lead here on the left, this class in the
/// middle, the classes it leads to on the right. `None` when the class
/// has no step either way. The text alternative is the section's lists;
/// the SVG itself carries a title naming what it shows.
pub fn section_svg(title: &str, from: &[String], to: &[String]) -> Option<String> {
    if from.is_empty() && to.is_empty() {
        return None;
    }
    let mut nodes = vec![(title.to_string(), true)];
    let mut edges = Vec::new();
    for t in from.iter().take(SIDE) {
        edges.push((nodes.len(), 0));
        nodes.push((t.clone(), false));
    }
    for t in to.iter().take(SIDE) {
        edges.push((0, nodes.len()));
        nodes.push((t.clone(), false));
    }
    let plural = |n: usize, one: &str, many: &str| if n == 1 { one.to_string() } else { many.to_string() };
    let label = format!(
        "Career path diagram of {}: {} {} here, {} {}",
        title,
        from.len(),
        plural(from.len(), "class leads", "classes lead"),
        to.len(),
        plural(to.len(), "class follows", "classes follow"),
    );
    diagram_svg("career", &label, &nodes, &edges)
}

/// Largest group the paths page draws (bigger ones are listed only).
pub const MAX_DIAGRAM: usize = 30;

/// A diagram of classes (`(title, emphasised)`) and steps between them
/// (positions in `nodes`), left to right, as an inline SVG whose ids all
/// start with `id` (several diagrams can share a page) and whose `<title>`
/// is `label`.
pub fn diagram_svg(id: &str, label: &str, nodes: &[(String, bool)], edges: &[(usize, usize)]) -> Option<String> {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::geometry::Point;
    use layout::core::style::StyleAttr;
    use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
    use layout::topo::layout::VisualGraph;

    if nodes.is_empty() || nodes.len() > 4 * MAX_DIAGRAM {
        return None;
    }
    let dir = Orientation::LeftToRight;
    let mut vg = VisualGraph::new(dir);
    let handles: Vec<_> = nodes
        .iter()
        .map(|(text, bold)| {
            let shape = ShapeKind::new_box(&short(text));
            // One font size for nodes and arrows: the SVG writer keeps its
            // font classes in a hash map, so one class keeps the output
            // deterministic.
            let mut look = StyleAttr::simple();
            if *bold {
                look.line_width = 3;
            }
            let size = layout::std_shapes::render::get_shape_size(dir, &shape, look.font_size, false);
            vg.add_node(Element::create(shape, look, dir, Point::new(size.x, size.y)))
        })
        .collect();
    for &(a, b) in edges {
        if a != b
            && let (Some(&ha), Some(&hb)) = (handles.get(a), handles.get(b))
        {
            vg.add_edge(Arrow::simple(""), ha, hb);
        }
    }
    let mut svg = SVGWriter::new();
    vg.do_it(false, false, false, &mut svg);
    let raw = svg.finalize();
    let body = raw.split_once("?>").map(|(_, b)| b).unwrap_or(&raw).trim_start();
    // Ids unique on the page: markers, arrow paths and clips.
    let body = body
        .replace("id=\"", &format!("id=\"{id}-"))
        .replace("url(#", &format!("url(#{id}-"))
        .replace("href=\"#", &format!("href=\"#{id}-"));
    let body = body.replacen(
        "<svg ",
        &format!("<svg class=\"career-diagram\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\" "),
        1,
    );
    let open_end = body.find('>')? + 1;
    Some(format!(
        "{}\n<title id=\"{id}-title\">{}</title>{}",
        &body[..open_end],
        crate::text::escape_xml(label),
        &body[open_end..]
    ))
}
