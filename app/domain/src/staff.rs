//! Staff: roles, the signed-in person as pages see them, and who may do what.

use serde::{Deserialize, Serialize};

use crate::places::CommuneRef;

/// What a staff account may do (checked on the server in every handler and server function).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    /// Whole province.
    Coordinator,
    /// Scoped to one or more communes.
    AreaOfficer,
    /// A network organisation recording what it mobilised.
    Partner,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::AreaOfficer, Role::Partner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::AreaOfficer => "area_officer",
            Role::Partner => "partner",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// The signed-in staff member, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub communes: Vec<CommuneRef>,
    /// The account confirmed a TOTP second factor.
    pub second_factor: bool,
}

impl StaffView {
    /// Admins and coordinators must use a second factor before anything else.
    pub fn must_enrol_second_factor(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Coordinator) && !self.second_factor
    }
}

/// Put in each request's extensions by the server when a staff member is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn(pub StaffView);

/// Who is asking, as a service that shows someone's own data needs to know: a staff member
/// signed in, a donor signed in on `/me` (their record's id), both, or nobody.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Viewer {
    pub staff: Option<StaffView>,
    pub donor: Option<i64>,
}

/// Put in each request's extensions when a donor signed in with a one-time link (their donor id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DonorSignedIn(pub i64);

/// A staff account as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub communes: Vec<CommuneRef>,
    pub active: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeedAction {
    Draft,
    Edit,
    Submit,
    Publish,
    Return,
    Withdraw,
}

impl NeedAction {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "submit" => Some(NeedAction::Submit),
            "publish" => Some(NeedAction::Publish),
            "return" => Some(NeedAction::Return),
            "withdraw" => Some(NeedAction::Withdraw),
            _ => None,
        }
    }

    /// The statuses the action applies to, and the status it leads to.
    pub fn transition(self) -> (&'static [crate::NeedStatus], Option<crate::NeedStatus>) {
        use crate::NeedStatus::*;
        match self {
            NeedAction::Draft => (&[], Some(Draft)),
            NeedAction::Edit => (&[Draft, Returned], None),
            NeedAction::Submit => (&[Draft, Returned], Some(Submitted)),
            NeedAction::Publish => (&[Submitted], Some(Published)),
            NeedAction::Return => (&[Submitted], Some(Returned)),
            NeedAction::Withdraw => (&[Draft, Submitted, Returned, Published, Covered], Some(Withdrawn)),
        }
    }
}

/// Whether a commune is in an officer's scope.
pub fn in_scope(staff: &StaffView, commune: &str) -> bool {
    staff.communes.iter().any(|c| c.code == commune)
}

/// The permission matrix. Province roles act everywhere; a commune officer only in their communes
/// and never reviews; partners have no part in needs.
pub fn may(staff: &StaffView, action: NeedAction, commune: &str) -> bool {
    match staff.role {
        Role::Admin | Role::Coordinator => true,
        Role::AreaOfficer => {
            in_scope(staff, commune)
                && matches!(action, NeedAction::Draft | NeedAction::Edit | NeedAction::Submit | NeedAction::Withdraw)
        }
        Role::Partner => false,
    }
}

pub fn may_see_staff_needs(staff: &StaffView) -> bool {
    staff.role != Role::Partner
}

/// Campaigns speak for the province: the coordinators and admins run them.
pub fn may_manage_campaigns(staff: &StaffView) -> bool {
    matches!(staff.role, Role::Admin | Role::Coordinator)
}

/// Confirming money and hand-overs feeds the province's records: the coordinators and admins.
pub fn may_manage_pledges(staff: &StaffView) -> bool {
    matches!(staff.role, Role::Admin | Role::Coordinator)
}

/// The outbox shows which donors were written to: the province's staff only.
pub fn may_see_notices(staff: &StaffView) -> bool {
    matches!(staff.role, Role::Admin | Role::Coordinator)
}

/// The organisations' own plans, results and reports are the province's to follow.
pub fn may_follow_partners(staff: &StaffView) -> bool {
    matches!(staff.role, Role::Admin | Role::Coordinator)
}

pub fn may_read_audit(staff: &StaffView) -> bool {
    matches!(staff.role, Role::Admin | Role::Coordinator)
}

/// What waits for a staff member, by the work their role does; each count links to its list.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Waiting {
    /// Needs submitted for review (coordinators), or returned for changes (commune officers).
    pub needs: i64,
    pub needs_status: String,
    pub applications: i64,
    pub statement_lines: i64,
    /// Money out of the accounts not yet assigned to what it paid for.
    pub money_out: i64,
    pub parked_notices: i64,
}

impl Waiting {
    pub fn is_empty(&self) -> bool {
        self.needs + self.applications + self.statement_lines + self.money_out + self.parked_notices == 0
    }
}
