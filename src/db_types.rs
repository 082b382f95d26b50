//! The domain's vocabularies as PostgreSQL text columns: `Status`, `RecordKind`,
//! `DeliveryMethod` and the rest decode straight from a row (an unknown code is a decode
//! error, never a silent default) and bind as their codes. Here rather than in `domain/`,
//! which knows nothing of the database.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

use crate::domain::request::{DeliveryMethod, Purpose, RecordKind, RequesterType, SignedBy};
use crate::domain::workflow::Status;

macro_rules! text_column {
    ($($name:ty),+ $(,)?) => {$(
        impl Type<Postgres> for $name {
            fn type_info() -> PgTypeInfo {
                <&str as Type<Postgres>>::type_info()
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                <&str as Type<Postgres>>::compatible(ty)
            }
        }

        impl PgHasArrayType for $name {
            fn array_type_info() -> PgTypeInfo {
                <&str as PgHasArrayType>::array_type_info()
            }
            fn array_compatible(ty: &PgTypeInfo) -> bool {
                <&str as PgHasArrayType>::array_compatible(ty)
            }
        }

        impl<'r> Decode<'r, Postgres> for $name {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let code = <&str as Decode<Postgres>>::decode(value)?;
                <$name>::parse(code)
                    .ok_or_else(|| format!("unknown {} {code:?}", stringify!($name)).into())
            }
        }

        impl Encode<'_, Postgres> for $name {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Postgres>>::encode(self.code(), buf)
            }
        }
    )+};
}

text_column!(
    Status,
    RecordKind,
    DeliveryMethod,
    RequesterType,
    Purpose,
    SignedBy
);
