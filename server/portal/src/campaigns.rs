//! Campaigns: the checks a campaign typed by staff must pass, and how a stored campaign is shown
//! (public, sums, receiving window in Vietnam's calendar).

use std::collections::BTreeMap;

use time::Date;

use crate::store::{CampaignRecord, DropOffRecord, NewCampaign};
use crate::{Error, Portal};
use domain::StaffView;
use domain::amount::parse_vnd;
use domain::checks::is_slug;
use domain::checks::parse_date;
use domain::{
    Campaign, CampaignDetail, CampaignForm, DropOff, FieldProblem, NeedStatus, Paged, Picture, ReceivingAccount,
    Supporter,
};

/// Decree 93/2021/NĐ-CP: a campaign receives for at most 90 days.
pub const MAX_WINDOW_DAYS: i64 = 90;
const MAX_TITLE: usize = 200;
const MAX_SUMMARY: usize = 500;
const MAX_STORY: usize = 20_000;
const MAX_SHORT: usize = 200;
const MAX_DROP_OFFS: usize = 20;
/// How many named supporters a campaign page lists.
pub const RECENT_SUPPORTERS: i64 = 12;

fn is_account_number(text: &str) -> bool {
    (6..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// Days in a window, both ends included.
pub fn window_days(opens_on: Date, closes_on: Date) -> i64 {
    (closes_on - opens_on).whole_days() + 1
}

/// Checks a typed campaign; every problem at once. `needs_open` answers whether a need may be
/// linked (it exists and is published or covered); the picture is the caller's business.
pub fn validate(
    form: &CampaignForm,
    portal: &Portal,
    need_is_open: impl Fn(i64) -> bool,
) -> Result<NewCampaign, BTreeMap<String, FieldProblem>> {
    let mut problems = BTreeMap::new();
    let mut problem = |field: &str, p: FieldProblem| {
        problems.entry(field.to_owned()).or_insert(p);
    };
    let text = |field: &str, value: &str, max: usize, required: bool, problem: &mut dyn FnMut(&str, FieldProblem)| {
        let value = value.trim();
        if required && value.is_empty() {
            problem(field, FieldProblem::Required);
        } else if value.chars().count() > max {
            problem(field, FieldProblem::TooLong);
        }
        value.to_owned()
    };
    let title = text("title", &form.title, MAX_TITLE, true, &mut problem);
    let summary = text("summary", &form.summary, MAX_SUMMARY, true, &mut problem);
    let story = text("story", &form.story, MAX_STORY, true, &mut problem);
    let slug = form.slug.trim().to_owned();
    if slug.is_empty() {
        problem("slug", FieldProblem::Required);
    } else if !is_slug(&slug) {
        problem("slug", FieldProblem::NotASlug);
    }
    let goal = if form.goal.trim().is_empty() {
        problem("goal", FieldProblem::Required);
        0
    } else {
        match parse_vnd(&form.goal).filter(|g| (1..=1_000_000_000_000).contains(g)) {
            Some(goal) => goal,
            None => {
                problem("goal", FieldProblem::NotAnAmount);
                0
            }
        }
    };
    let bank_bin = form.bank_bin.trim().to_owned();
    if portal.banks.bank(&bank_bin).is_none() {
        problem("bank_bin", FieldProblem::UnknownBank);
    }
    let account_number: String = form.account_number.chars().filter(|c| !c.is_whitespace()).collect();
    if account_number.is_empty() {
        problem("account_number", FieldProblem::Required);
    } else if !is_account_number(&account_number) {
        problem("account_number", FieldProblem::NotAnAccountNumber);
    }
    let account_name = text("account_name", &form.account_name, MAX_SHORT, true, &mut problem);
    let date = |field: &str, value: &str, problem: &mut dyn FnMut(&str, FieldProblem)| {
        let parsed = parse_date(value);
        if value.trim().is_empty() {
            problem(field, FieldProblem::Required);
        } else if parsed.is_none() {
            problem(field, FieldProblem::NotADate);
        }
        parsed
    };
    let opens_on = date("opens_on", &form.opens_on, &mut problem);
    let closes_on = date("closes_on", &form.closes_on, &mut problem);
    if let (Some(opens), Some(closes)) = (opens_on, closes_on) {
        if closes < opens {
            problem("closes_on", FieldProblem::EndsBeforeStart);
        } else if window_days(opens, closes) > MAX_WINDOW_DAYS {
            problem("closes_on", FieldProblem::WindowTooLong);
        }
    }
    let mut need_ids = Vec::new();
    for need in &form.needs {
        match need.trim().parse::<i64>() {
            Ok(id) if need_is_open(id) => {
                if !need_ids.contains(&id) {
                    need_ids.push(id);
                }
            }
            _ => problem("needs", FieldProblem::UnknownNeed),
        }
    }
    let mut drop_offs = Vec::new();
    for (i, d) in form.drop_offs.iter().filter(|d| !d.is_blank()).take(MAX_DROP_OFFS).enumerate() {
        let field = |name: &str| format!("drop_offs.{i}.{name}");
        let place = text(&field("place"), &d.place, MAX_SHORT, true, &mut problem);
        let address = text(&field("address"), &d.address, MAX_SHORT, false, &mut problem);
        let hours = text(&field("hours"), &d.hours, MAX_SHORT, false, &mut problem);
        let opens = date(&field("opens_on"), &d.opens_on, &mut problem);
        let closes = date(&field("closes_on"), &d.closes_on, &mut problem);
        match (opens, closes) {
            (Some(o), Some(c)) if c < o => problem(&field("closes_on"), FieldProblem::EndsBeforeStart),
            (Some(opens_on), Some(closes_on)) => {
                drop_offs.push(DropOffRecord { place, address, opens_on, closes_on, hours })
            }
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(opens_on), Some(closes_on)) = (opens_on, closes_on) else {
        return Err(problems);
    };
    Ok(NewCampaign {
        slug,
        title,
        summary,
        story,
        goal,
        bank_bin,
        account_number,
        account_name,
        opens_on,
        closes_on,
        cover_image_id: None,
        published: form.published.is_some(),
        need_ids,
        drop_offs,
        demo: false,
    })
}

/// The editor's fields for a stored campaign.
pub fn form_of(c: &CampaignRecord) -> CampaignForm {
    CampaignForm {
        slug: c.slug.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        story: c.story.clone(),
        goal: domain::format::group_digits(c.goal),
        bank_bin: c.bank_bin.clone(),
        account_number: c.account_number.clone(),
        account_name: c.account_name.clone(),
        // As a date field holds it (ISO); typed dates may also be dd/mm/yyyy.
        opens_on: c.opens_on.to_string(),
        closes_on: c.closes_on.to_string(),
        published: c.published.then(|| "yes".to_owned()),
        needs: c.need_ids.iter().map(i64::to_string).collect(),
        drop_offs: c
            .drop_offs
            .iter()
            .map(|d| domain::DropOffForm {
                place: d.place.clone(),
                address: d.address.clone(),
                opens_on: d.opens_on.to_string(),
                closes_on: d.closes_on.to_string(),
                hours: d.hours.clone(),
            })
            .collect(),
        kept_cover: String::new(),
    }
}

/// Where a campaign's pictures are served: the id never changes its bytes.
pub fn picture_url(id: i64) -> String {
    format!("/media/{id}.jpg")
}

impl Portal {
    /// Creates (`id` none) or changes a campaign typed by staff, with its cover picture if one
    /// was uploaded (already prepared) or kept from an earlier try. Answers the campaign's id. When
    /// the form has problems, a good picture uploaded with it is stored all the same and named in
    /// `form.kept_cover`, so the form comes back with it.
    pub async fn save_campaign(
        &self,
        staff: &domain::StaffView,
        id: Option<i64>,
        form: &mut CampaignForm,
        cover: Result<Option<crate::store::StoredImage>, FieldProblem>,
    ) -> Result<i64, Error> {
        if !domain::staff::may_manage_campaigns(staff) {
            return Err(Error::Denied);
        }
        // A link name left empty is proposed from the title (and shown if the form comes back).
        if form.slug.trim().is_empty() {
            form.slug = domain::checks::slug_from(&form.title);
        }
        let (open, _) = self
            .store
            .needs(&crate::store::NeedQuery {
                statuses: vec![NeedStatus::Published, NeedStatus::Covered],
                limit: 10_000,
                ..Default::default()
            })
            .await?;
        let existing = match id {
            Some(id) => Some(self.store.campaign_by_id(id).await?.ok_or(Error::NotFound)?),
            None => None,
        };
        // A need already linked stays linkable after it is fulfilled.
        let linkable = |need: i64| {
            open.iter().any(|n| n.id == need) || existing.as_ref().is_some_and(|c| c.need_ids.contains(&need))
        };
        let mut problems = BTreeMap::new();
        let campaign = validate(form, self, linkable);
        if let Err(p) = &campaign {
            problems.extend(p.clone());
        }
        if let Err(problem) = &cover {
            problems.insert("cover".to_owned(), *problem);
        }
        // Only a picture kept from an earlier try of this form: one no other campaign wears.
        let kept = match form.kept_cover.trim().parse::<i64>() {
            Ok(kept) if self.store.image(kept).await?.is_some() => {
                let wearers = self.store.campaigns_with_cover(kept).await?;
                wearers.iter().all(|wearer| Some(*wearer) == id).then_some(kept)
            }
            _ => None,
        };
        let uploaded = match cover {
            Ok(Some(picture)) => Some(self.store.store_image(&picture).await?),
            Ok(None) | Err(_) => None,
        };
        let cover_id = uploaded.or(kept);
        form.kept_cover = cover_id.map(|id| id.to_string()).unwrap_or_default();
        let (Ok(mut campaign), true) = (campaign, problems.is_empty()) else {
            return Err(Error::Invalid(problems));
        };
        campaign.cover_image_id = cover_id;
        let saved = match id {
            Some(id) => self.store.update_campaign(id, &campaign, staff.id).await.map(|()| id),
            None => self.store.create_campaign(&campaign, staff.id).await,
        };
        let id = match saved {
            Ok(id) => id,
            Err(crate::store::StoreError::Duplicate(_)) => return Err(Error::invalid("slug", FieldProblem::SlugTaken)),
            Err(e) => return Err(e.into()),
        };
        self.changed();
        Ok(id)
    }

    pub fn campaign_account(&self, c: &CampaignRecord) -> ReceivingAccount {
        ReceivingAccount {
            bank_name: self.banks.bank(&c.bank_bin).map(|b| b.short_name.clone()).unwrap_or_else(|| c.bank_bin.clone()),
            bin: c.bank_bin.clone(),
            number: c.account_number.clone(),
            name: c.account_name.clone(),
        }
    }

    pub fn campaign_from_record(&self, c: &CampaignRecord, today: Date) -> Campaign {
        let accepting = c.published && c.opens_on <= today && today <= c.closes_on;
        let days_left = if today > c.closes_on { 0 } else { window_days(today.max(c.opens_on), c.closes_on) };
        let account = self.campaign_account(c);
        let transfer_content = domain::campaigns::walk_in_content(&domain::campaigns::campaign_code(&c.slug, c.id));
        let vietqr = domain::vietqr::payload(&domain::vietqr::Transfer {
            bin: account.bin.clone(),
            account: account.number.clone(),
            service: domain::vietqr::Service::ToAccount,
            amount: None,
            bill_number: None,
            purpose: Some(transfer_content.clone()),
        })
        .unwrap_or_default();
        Campaign {
            slug: c.slug.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            goal: c.goal,
            pledged: c.pledged,
            confirmed: c.confirmed,
            supporters: c.pledges,
            opens_on: c.opens_on,
            closes_on: c.closes_on,
            receiving_account: account,
            transfer_content,
            vietqr,
            cover: c.cover.map(|(id, width, height)| Picture { url: picture_url(id), width, height }),
            accepting,
            days_left,
            demo: c.demo,
        }
    }

    /// Published campaigns, the latest to close first.
    /// Every campaign, published or not, the latest to close first (staff who run campaigns).
    pub async fn staff_campaigns(&self, staff: &StaffView) -> Result<Vec<CampaignRecord>, Error> {
        if !domain::staff::may_manage_campaigns(staff) {
            return Err(Error::Denied);
        }
        Ok(self.store.campaigns(false, 500, 0).await?.0)
    }

    /// A campaign as stored, for its editor.
    pub async fn campaign_to_edit(&self, staff: &StaffView, id: i64) -> Result<CampaignRecord, Error> {
        if !domain::staff::may_manage_campaigns(staff) {
            return Err(Error::Denied);
        }
        self.store.campaign_by_id(id).await?.ok_or(Error::NotFound)
    }

    /// A stored picture by id (covers are public).
    pub async fn picture(&self, id: i64) -> Result<crate::store::StoredImage, Error> {
        self.store.image(id).await?.ok_or(Error::NotFound)
    }

    pub async fn campaign_list(&self, page: u32, per_page: u32) -> Result<Paged<Campaign>, Error> {
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let (records, total) = self.store.campaigns(true, i64::from(per_page), offset).await?;
        let today = domain::format::today();
        let items = records.iter().map(|c| self.campaign_from_record(c, today)).collect();
        Ok(Paged { items, page, per_page, total })
    }

    /// The published campaign a short code names (`/c/BTDC12`, printed on its poster).
    pub async fn campaign_by_code(&self, code: &str) -> Result<String, Error> {
        let (records, _) = self.store.campaigns(true, 10_000, 0).await?;
        records
            .into_iter()
            .find(|c| domain::campaigns::campaign_code(&c.slug, c.id).eq_ignore_ascii_case(code.trim()))
            .map(|c| c.slug)
            .ok_or(Error::NotFound)
    }

    /// A published campaign with its story, open needs, drop-off points and named supporters.
    pub async fn public_campaign(&self, slug: &str) -> Result<CampaignDetail, Error> {
        let record = self.store.campaign(slug).await?.filter(|c| c.published).ok_or(Error::NotFound)?;
        let mut needs = Vec::new();
        for id in &record.need_ids {
            if let Some(need) = self
                .store
                .need(*id)
                .await?
                .filter(|n| matches!(n.status, NeedStatus::Published | NeedStatus::Covered | NeedStatus::Fulfilled))
            {
                needs.push(self.need_from_record(need));
            }
        }
        let recent_supporters = self
            .store
            .campaign_supporters(record.id, RECENT_SUPPORTERS)
            .await?
            .into_iter()
            .map(|s| Supporter { name: s.name, kind: s.kind, value: s.value, at: s.at })
            .collect();
        let drop_offs = record
            .drop_offs
            .iter()
            .map(|d| DropOff {
                place: d.place.clone(),
                address: d.address.clone(),
                opens_on: d.opens_on,
                closes_on: d.closes_on,
                hours: d.hours.clone(),
            })
            .collect();
        let today = domain::format::today();
        let closing = if today > record.closes_on { Some(self.store.campaign_closing(record.id).await?) } else { None };
        let campaign = self.campaign_from_record(&record, today);
        Ok(CampaignDetail {
            closing,
            vietqr_svg: crate::qr::svg(&campaign.vietqr, 240),
            campaign,
            story_html: crate::markdown::render_untrusted(&record.story),
            story: record.story,
            needs,
            drop_offs,
            recent_supporters,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_window_counts_both_ends() {
        assert_eq!(window_days(date!(2026 - 12 - 01), date!(2026 - 12 - 01)), 1);
        assert_eq!(window_days(date!(2026 - 12 - 01), date!(2027 - 02 - 28)), 90);
        assert_eq!(window_days(date!(2026 - 12 - 01), date!(2027 - 03 - 01)), 91);
    }
}
