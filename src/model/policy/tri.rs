//! Three-valued truth: what the console can decide, and what hangs on a
//! value it cannot know.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    /// Depends on what is named: a condition key whose value is Unknown,
    /// `operator X` the evaluator does not evaluate, or `principal`.
    Maybe(String),
}

impl Tri {
    pub fn from_bool(value: bool) -> Tri {
        if value { Tri::Yes } else { Tri::No }
    }

    pub fn negate(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            maybe => maybe,
        }
    }

    /// Or: one Yes is enough; a Maybe keeps it open.
    pub fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut open = None;
        for item in items {
            match item {
                Tri::Yes => return Tri::Yes,
                Tri::Maybe(what) => {
                    open.get_or_insert(what);
                }
                Tri::No => {}
            }
        }
        open.map_or(Tri::No, Tri::Maybe)
    }

    /// And: one No is enough; a Maybe keeps it open.
    pub fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut open = None;
        for item in items {
            match item {
                Tri::No => return Tri::No,
                Tri::Maybe(what) => {
                    open.get_or_insert(what);
                }
                Tri::Yes => {}
            }
        }
        open.map_or(Tri::Yes, Tri::Maybe)
    }
}
