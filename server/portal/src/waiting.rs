//! The staff home's first question: what waits for me? Each count comes from the list it links to,
//! limited to what the staff member's role may act on.

use domain::staff::{Waiting, may_manage_pledges, may_see_notices};
use domain::{NeedStatus, Role, StaffView};

use crate::{Error, Portal};

impl Portal {
    pub async fn waiting(&self, staff: &StaffView) -> Result<Waiting, Error> {
        let mut waiting = Waiting::default();
        let needs_status = match staff.role {
            Role::Admin | Role::Coordinator => Some(NeedStatus::Submitted),
            Role::AreaOfficer => Some(NeedStatus::Returned),
            Role::Partner => None,
        };
        if let Some(status) = needs_status {
            waiting.needs = self.staff_needs(staff, Some(status), 1).await?.total;
            waiting.needs_status = status.as_str().to_owned();
        }
        if may_manage_pledges(staff) {
            waiting.applications = i64::try_from(self.waiting_applications(staff).await?.len()).unwrap_or(i64::MAX);
            waiting.statement_lines = self.store.count_lines("review").await?;
            waiting.money_out = self.store.count_lines("unassigned").await?;
        }
        if may_see_notices(staff) {
            waiting.parked_notices = self.notice_counts().await?.failed;
        }
        Ok(waiting)
    }
}
