//! Pure domain logic: no I/O, no axum, tested with plain unit tests.

pub mod authorization;
pub mod calendar;
pub mod contact;
pub mod denial;
pub mod download_guard;
pub mod due_dates;
pub mod fees;
pub mod money;
pub mod request;
pub mod smart_scopes;
pub mod workflow;

/// A closed set of values with a stable code and an English label: what a page needs to
/// show one in another language (the catalog id is `<KIND>-<code>`).
pub trait Coded {
    const KIND: &'static str;
    fn code(&self) -> &'static str;
    fn label(&self) -> &'static str;
}

/// A coded vocabulary's every value.
pub trait Vocabulary: Coded + Copy + Sized + 'static {
    fn all() -> &'static [Self];
}

impl<T: Coded> Coded for &T {
    const KIND: &'static str = T::KIND;
    fn code(&self) -> &'static str {
        (**self).code()
    }
    fn label(&self) -> &'static str {
        (**self).label()
    }
}

/// Declares a closed set of values stored and submitted as snake_case strings, with a label
/// for people. One definition serves serde, the database columns and the HTML forms.
macro_rules! string_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in forms, JSON and the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Plain-language wording shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::domain::Coded for $name {
            const KIND: &'static str = stringify!($name);
            fn code(&self) -> &'static str {
                $name::code(*self)
            }
            fn label(&self) -> &'static str {
                $name::label(*self)
            }
        }

        impl $crate::domain::Vocabulary for $name {
            fn all() -> &'static [Self] {
                $name::ALL
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use string_enum;
