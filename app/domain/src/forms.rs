//! What is wrong with a typed field, and what a form handler leaves for the page it sends the
//! browser back to.

use serde::{Deserialize, Serialize};

use crate::{CampaignForm, ImportOutcome, NeedForm, NeedSummary, PledgeActionForm, PledgeForm};

/// What is wrong with one field; pages translate it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooLong,
    NotAWholeNumber,
    NotAnAmount,
    NotADate,
    EndsBeforeStart,
    UnknownCommune,
    UnknownCategory,
    CommentRequired,
    WrongPassword,
    PasswordTooShort,
    PasswordsDiffer,
    NotAnEmail,
    EmailTaken,
    CommuneRequired,
    NotYourself,
    WrongCode,
    ContactRequired,
    NotAPhone,
    NotATaxCode,
    /// A business gives without its tax code: its receipt must carry it.
    TaxCodeForReceipt,
    /// An amount of 0 đồng.
    AmountNotPositive,
    ConsentRequired,
    NotASlug,
    SlugTaken,
    UnknownBank,
    NotAnAccountNumber,
    WindowTooLong,
    NotAPicture,
    UnknownNeed,
    UnknownMember,
    CampaignClosed,
    NotALanguage,
    /// From 1 to 12 monthly instalments, each at least 10.000 ₫.
    InstalmentsInvalid,
    /// More than a partner's common fund holds.
    MoreThanPool,
    NotAWebsite,
    /// The organisation with this email or tax code is already a member or has applied.
    AlreadyMember,
    /// The donor already has this level for this year.
    AlreadyRecognised,
    /// A money pledge above `PORTAL_PLEDGE_MAX`: arranged with the coordinating body instead.
    AboveCeiling,
    /// Too many password attempts in a short time: wait a quarter of an hour.
    TooManyAttempts,
    /// Zalo or SMS chosen without a Vietnamese mobile number.
    MobileForChannel,
    /// Email chosen without an address.
    EmailForChannel,
}

/// What a form handler leaves for the page it sends the browser back to (one use only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub need_form: Option<NeedForm>,
    pub pledge_form: Option<PledgeForm>,
    pub campaign_form: Option<CampaignForm>,
    pub pledge_action: Option<PledgeActionForm>,
    pub import_outcome: Option<ImportOutcome>,
    pub problems: std::collections::BTreeMap<String, FieldProblem>,
    /// Open needs the typed one overlaps: the person must look and confirm.
    pub overlaps: Vec<NeedSummary>,
    /// A short outcome code: `saved`, `submitted`, `published`, `returned`, `withdrawn`, `conflict`.
    pub notice: Option<String>,
    /// What was typed in a simple form (field → value).
    pub fields: std::collections::BTreeMap<String, String>,
    /// A one-time link to pass on (an invitation or a password reset), shown once.
    pub link: Option<String>,
    /// Recovery codes, shown once when a second factor is confirmed.
    pub codes: Vec<String>,
}
