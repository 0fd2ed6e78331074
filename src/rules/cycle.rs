//! `cycle`: goal parents and project dependencies must not loop. One finding per loop,
//! on its first member in plan order, naming the whole loop.

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt};

use crate::finding::{Anchor, Finding, Sink};
use crate::model::{Id, Origin, Plan};
use crate::vocab::Rule;

/// A directed graph over entities of one kind, by index.
struct Graph<'p> {
    names: Vec<&'p str>,
    origins: Vec<&'p Origin>,
    edges: Vec<Vec<usize>>,
    field: &'static str,
    noun: &'static str,
}

pub(super) fn check(plan: &Plan, sink: &mut Sink) {
    let goals = Graph::build(
        plan.goals
            .iter()
            .map(|g| (g.id.as_str(), &g.origin, g.parent.as_slice())),
        "parent",
        "goal parents",
    );
    let projects = Graph::build(
        plan.projects
            .iter()
            .map(|p| (p.id.as_str(), &p.origin, p.depends_on.as_slice())),
        "depends_on",
        "project dependencies",
    );
    for graph in [goals, projects] {
        report(&graph, sink);
    }
}

impl<'p> Graph<'p> {
    /// The graph of `nodes` (id, origin, the ids it points at), in plan order; a link to
    /// an id that is not a node is left out (`unknown-reference` reports it).
    fn build(
        nodes: impl Iterator<Item = (&'p str, &'p Origin, &'p [Id])> + Clone,
        field: &'static str,
        noun: &'static str,
    ) -> Graph<'p> {
        let index: HashMap<&str, usize> = nodes
            .clone()
            .enumerate()
            .map(|(i, (id, _, _))| (id, i))
            .collect();
        let mut graph = Graph {
            names: Vec::new(),
            origins: Vec::new(),
            edges: Vec::new(),
            field,
            noun,
        };
        for (id, origin, links) in nodes {
            graph.names.push(id);
            graph.origins.push(origin);
            graph.edges.push(
                links
                    .iter()
                    .filter_map(|l| index.get(l.as_str()).copied())
                    .collect(),
            );
        }
        graph
    }
}

fn report(graph: &Graph, sink: &mut Sink) {
    for component in strongly_connected(&graph.edges) {
        let start = component[0];
        let looped = component.len() > 1 || graph.edges[start].contains(&start);
        if !looped {
            continue;
        }
        let path = loop_through(start, &component, &graph.edges);
        let names: Vec<String> = path
            .iter()
            .chain(std::iter::once(&start))
            .map(|&i| format!("`{}`", graph.names[i]))
            .collect();
        let origin = graph.origins[start];
        let mut finding = Finding::new(
            Rule::Cycle,
            format!("{} loop: {}", graph.noun, names.join(" → ")),
        )
        .entity(&graph.names[start].into())
        .at(Anchor::key(origin.doc, origin.field(graph.field)))
        .help(format!(
            "remove one link of the loop from `{}`",
            graph.field
        ));
        for &member in path.iter().skip(1) {
            let o = graph.origins[member];
            finding = finding.related(
                format!("`{}` is part of the loop", graph.names[member]),
                Anchor::key(o.doc, o.field(graph.field)),
            );
        }
        sink.push(finding);
    }
}

/// Strongly connected components (Tarjan, iterative so that long chains cannot overflow
/// the stack), each sorted by index, in order of their smallest member.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut components = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components.sort_by_key(|c| c[0]);
    components
}

/// The shortest loop from `start` back to itself inside `component`, as the list of
/// members from `start` (the closing step back to `start` is left implicit).
fn loop_through(start: usize, component: &[usize], edges: &[Vec<usize>]) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &edges[v] {
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = came_from[&at];
                    path.push(at);
                }
                path.reverse();
                path.dedup();
                return path;
            }
            if component.binary_search(&w).is_ok() && !came_from.contains_key(&w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_loops_and_their_order() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let components = strongly_connected(&edges);
        assert!(components.contains(&vec![0, 1, 2]));
        assert!(components.contains(&vec![3]));
        assert_eq!(loop_through(0, &[0, 1, 2], &edges), vec![0, 1, 2]);
        assert_eq!(loop_through(3, &[3], &edges), vec![3]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let components = strongly_connected(&edges);
        assert_eq!(components.len(), 1);
        assert_eq!(components[0].len(), n);
    }
}
