//! The donor network: the directory, joining it, recognitions and the honour roll: the services the
//! pages and the API share (the storage port's parts are `store::NetworkStore` and
//! `store::RecognitionStore`).

use std::collections::BTreeMap;

use crate::Error;
use crate::Portal;
use crate::store::{
    ApplicationRecord, Candidate, MemberRecord, NewApplication, NewRecognition, RecognitionRecord, StoreError,
};
use domain::i18n::Lang;
use domain::network::{
    DirectoryFilter, HonourEntry, MemberCard, MemberLink, MemberProfile, Mobilised, RecognitionLevel, YearTotal,
    code_list, codes,
};
use domain::{Category, DonorKind, FieldProblem, Paged, Role, StaffView};

/// The form of `/network/join`, kept as pairs so several categories and communes can be chosen.
pub type JoinPairs = Vec<(String, String)>;

const MAX_NAME: usize = 200;
const MAX_DESCRIPTION: usize = 2000;

fn all<'a>(pairs: &'a [(String, String)], key: &str) -> impl Iterator<Item = &'a str> {
    pairs.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

fn one(pairs: &[(String, String)], key: &str) -> String {
    all(pairs, key).next().unwrap_or("").to_owned()
}

/// What was typed, one value per field (several joined by spaces), to show the form back.
pub fn typed(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in pairs {
        if k == "token" {
            continue;
        }
        let entry = fields.entry(k.clone()).or_default();
        if !entry.is_empty() {
            entry.push(' ');
        }
        entry.push_str(v.trim());
    }
    fields
}

impl Portal {
    fn member_card(&self, r: &MemberRecord) -> MemberCard {
        MemberCard {
            slug: r.slug.clone(),
            name: r.name.clone(),
            kind: r.kind,
            categories: codes(&r.categories).filter_map(Category::parse).collect(),
            communes: codes(&r.communes).filter_map(|c| self.areas.commune(c)).collect(),
            chapter_of: r.parent.clone(),
            confirmed_total: r.confirmed_named,
        }
    }

    /// The public directory, in Vietnamese order.
    pub async fn directory(&self, filter: &DirectoryFilter) -> Result<Paged<MemberCard>, Error> {
        let mut members = self.store.listed_members(filter.kind, filter.category, filter.commune.as_deref()).await?;
        domain::collation::sort_vietnamese(&mut members, |m| m.name.clone());
        let total = i64::try_from(members.len()).unwrap_or(i64::MAX);
        let skip = usize::try_from(filter.offset()).unwrap_or(0);
        let items = members
            .iter()
            .skip(skip)
            .take(usize::try_from(filter.per_page).unwrap_or(24))
            .map(|m| self.member_card(m))
            .collect();
        Ok(Paged { items, page: filter.page, per_page: filter.per_page, total })
    }

    /// A listed member's page.
    pub async fn member_profile(&self, slug: &str, lang: Lang) -> Result<MemberProfile, Error> {
        if !domain::checks::is_slug(slug) {
            return Err(Error::NotFound);
        }
        let record = self.store.listed_member(slug).await?.ok_or(Error::NotFound)?;
        let by_year = self
            .store
            .member_years(record.id)
            .await?
            .into_iter()
            .map(|(year, confirmed)| YearTotal { year, confirmed })
            .collect();
        let (donors, confirmed, mut named) = self.store.member_mobilised(record.id).await?;
        domain::collation::sort_vietnamese(&mut named, |n| n.clone());
        let link = |(slug, name): (String, String)| MemberLink { slug, name };
        let campaigns = self.store.member_campaigns(record.id).await?.into_iter().map(link).collect();
        let chapters = self.store.member_chapters(record.id).await?.into_iter().map(link).collect();
        let recognitions =
            self.store.donor_recognitions(record.id).await?.into_iter().map(|r| honour_entry(r, lang)).collect();
        Ok(MemberProfile {
            card: self.member_card(&record),
            description: record.description,
            website: record.website,
            by_year,
            campaigns,
            mobilised: Mobilised { donors, confirmed, named },
            chapters,
            recognitions,
            receives_pool_gifts: matches!(
                record.kind,
                DonorKind::Fund | DonorKind::MassOrganisation | DonorKind::Organisation
            ),
        })
    }

    /// Checks an application to join; the problems are by field.
    pub fn read_application(
        &self,
        pairs: &[(String, String)],
        lang: Lang,
    ) -> Result<NewApplication, BTreeMap<String, FieldProblem>> {
        let mut problems = BTreeMap::new();
        let mut problem = |field: &str, p: FieldProblem| {
            problems.entry(field.to_owned()).or_insert(p);
        };
        let kind = DonorKind::parse(&one(pairs, "kind"));
        if kind.is_none() {
            problem("kind", FieldProblem::Required);
        }
        let name = domain::text::one_line(&one(pairs, "name"));
        if name.is_empty() {
            problem("name", FieldProblem::Required);
        } else if name.chars().count() > MAX_NAME {
            problem("name", FieldProblem::TooLong);
        }
        let contact_name = domain::text::one_line(&one(pairs, "contact_name"));
        if contact_name.is_empty() {
            problem("contact_name", FieldProblem::Required);
        } else if contact_name.chars().count() > MAX_NAME {
            problem("contact_name", FieldProblem::TooLong);
        }
        let email = domain::text::lowercase_trimmed(&one(pairs, "email"));
        if email.is_empty() {
            problem("email", FieldProblem::Required);
        } else if email.len() > 254 || !domain::text::is_plausible_email(&email) {
            problem("email", FieldProblem::NotAnEmail);
        }
        let phone = one(pairs, "phone");
        if !phone.is_empty() && !domain::checks::is_phone(&phone) {
            problem("phone", FieldProblem::NotAPhone);
        }
        let tax_code = one(pairs, "tax_code");
        if kind == Some(DonorKind::Business) && tax_code.is_empty() {
            problem("tax_code", FieldProblem::Required);
        } else if !tax_code.is_empty() && !domain::checks::is_tax_code(&tax_code) {
            problem("tax_code", FieldProblem::NotATaxCode);
        }
        let description = one(pairs, "description");
        if description.is_empty() {
            problem("description", FieldProblem::Required);
        } else if description.chars().count() > MAX_DESCRIPTION {
            problem("description", FieldProblem::TooLong);
        }
        let website = one(pairs, "website_url");
        if !website.is_empty()
            && (website.len() > 200 || !(website.starts_with("https://") || website.starts_with("http://")))
        {
            problem("website_url", FieldProblem::NotAWebsite);
        }
        let categories: Vec<&str> = all(pairs, "categories").collect();
        if categories.is_empty() {
            problem("categories", FieldProblem::Required);
        } else if categories.iter().any(|c| Category::parse(c).is_none()) {
            problem("categories", FieldProblem::UnknownCategory);
        }
        let communes: Vec<&str> = all(pairs, "communes").collect();
        if communes.iter().any(|c| self.areas.commune(c).is_none()) || communes.len() > 20 {
            problem("communes", FieldProblem::UnknownCommune);
        }
        let chapter_of = Some(one(pairs, "chapter_of")).filter(|c| !c.is_empty());
        if chapter_of.as_ref().is_some_and(|c| !domain::checks::is_slug(c)) {
            problem("chapter_of", FieldProblem::UnknownMember);
        }
        if one(pairs, "consent").is_empty() {
            problem("consent", FieldProblem::ConsentRequired);
        }
        match kind {
            Some(kind) if problems.is_empty() => Ok(NewApplication {
                kind,
                name,
                tax_code: Some(tax_code).filter(|t| !t.is_empty()),
                contact_name,
                email,
                phone: Some(domain::checks::normalise_phone(&phone)).filter(|p| !p.is_empty()),
                description,
                website: Some(website).filter(|w| !w.is_empty()),
                categories: code_list(categories),
                communes: code_list(communes),
                chapter_of,
                language: lang,
            }),
            _ => Err(problems),
        }
    }

    /// `/network/join`: records the application for staff to decide.
    pub async fn apply_to_join(&self, pairs: &[(String, String)], lang: Lang) -> Result<(), Error> {
        let application = self.read_application(pairs, lang).map_err(Error::Invalid)?;
        if let Some(parent) = &application.chapter_of
            && self.store.listed_member(parent).await?.is_none()
        {
            return Err(Error::Invalid(BTreeMap::from([("chapter_of".to_owned(), FieldProblem::UnknownMember)])));
        }
        match self.store.apply_to_join(&application, time::OffsetDateTime::now_utc()).await {
            Ok(_) => Ok(()),
            Err(StoreError::Duplicate(_)) => {
                Err(Error::Invalid(BTreeMap::from([("email".to_owned(), FieldProblem::AlreadyMember)])))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Approves or declines an application still waiting; approving gives the member a profile
    /// address. Answers the application as it was, for inviting its contact to a partner account.
    pub async fn decide_application(
        &self,
        staff: &StaffView,
        donor_id: i64,
        approve: bool,
    ) -> Result<ApplicationRecord, Error> {
        if !matches!(staff.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Denied);
        }
        let applications = self.store.applications(true).await?;
        let application = applications.into_iter().find(|a| a.donor_id == donor_id).ok_or(Error::NotFound)?;
        let slug = if approve { Some(self.free_member_slug(&application.name).await?) } else { None };
        match self.store.decide_application(donor_id, slug.as_deref(), staff.id, time::OffsetDateTime::now_utc()).await
        {
            Ok(()) => {}
            Err(StoreError::Conflict | StoreError::NotFound) => return Err(Error::NotFound),
            Err(e) => return Err(e.into()),
        }
        self.changed();
        Ok(application)
    }

    /// A slug from the name that no member uses yet (`hoi-chu-thap-do-xa-vo-nhai`, then `…-2`).
    pub async fn free_member_slug(&self, name: &str) -> Result<String, Error> {
        let mut base = domain::checks::slug_from(name);
        if base.len() < 3 {
            base = format!("thanh-vien-{base}").trim_end_matches('-').to_owned();
        }
        let taken: Vec<String> = self.store.network_members().await?.into_iter().map(|m| m.slug).collect();
        let mut slug = base.clone();
        let mut n = 2;
        while taken.contains(&slug) {
            slug = format!("{}-{n}", base.chars().take(75).collect::<String>());
            n += 1;
        }
        Ok(slug)
    }

    /// Grants a recognition (coordinators and admins); the recognition notice goes out with it.
    pub async fn grant_recognition(&self, staff: &StaffView, fields: &BTreeMap<String, String>) -> Result<i64, Error> {
        if !matches!(staff.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Denied);
        }
        let get = |k: &str| fields.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let mut problems = BTreeMap::new();
        let levels = self.store.recognition_levels().await?;
        let level = get("level");
        if !levels.iter().any(|l| l.code == level) {
            problems.insert("level".to_owned(), FieldProblem::Required);
        }
        let donor_id = get("donor").parse::<i64>().ok();
        if donor_id.is_none() {
            problems.insert("donor".to_owned(), FieldProblem::UnknownMember);
        }
        let year = get("year").parse::<i64>().ok().filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            problems.insert("year".to_owned(), FieldProblem::NotAWholeNumber);
        }
        let decision_number = Some(domain::text::one_line(&get("decision_number"))).filter(|d| !d.is_empty());
        if decision_number.as_ref().is_some_and(|d| d.chars().count() > 60) {
            problems.insert("decision_number".to_owned(), FieldProblem::TooLong);
        }
        let decision_date = match get("decision_date") {
            d if d.is_empty() => None,
            d => match domain::checks::parse_date(&d) {
                Some(date) => Some(date),
                None => {
                    problems.insert("decision_date".to_owned(), FieldProblem::NotADate);
                    None
                }
            },
        };
        let reason = get("reason");
        if reason.is_empty() {
            problems.insert("reason".to_owned(), FieldProblem::Required);
        } else if reason.chars().count() > MAX_DESCRIPTION {
            problems.insert("reason".to_owned(), FieldProblem::TooLong);
        }
        let (Some(donor_id), Some(year), true) = (donor_id, year, problems.is_empty()) else {
            return Err(Error::Invalid(problems));
        };
        let recognition =
            NewRecognition { donor_id, level, year, decision_number, decision_date, reason, actor_id: staff.id };
        match self.store.grant_recognition(&recognition, time::OffsetDateTime::now_utc()).await {
            Ok(id) => {
                self.changed();
                Ok(id)
            }
            Err(StoreError::Duplicate(_)) => {
                Err(Error::Invalid(BTreeMap::from([("level".to_owned(), FieldProblem::AlreadyRecognised)])))
            }
            Err(StoreError::NotFound) => {
                Err(Error::Invalid(BTreeMap::from([("donor".to_owned(), FieldProblem::UnknownMember)])))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Adds a level staff may grant (admins).
    pub async fn add_recognition_level(
        &self,
        staff: &StaffView,
        fields: &BTreeMap<String, String>,
    ) -> Result<(), Error> {
        if staff.role != Role::Admin {
            return Err(Error::Denied);
        }
        let get = |k: &str| domain::text::one_line(fields.get(k).map(String::as_str).unwrap_or_default());
        let mut problems = BTreeMap::new();
        let (name_vi, name_en) = (get("name_vi"), get("name_en"));
        for (field, value) in [("name_vi", &name_vi), ("name_en", &name_en)] {
            if value.is_empty() {
                problems.insert(field.to_owned(), FieldProblem::Required);
            } else if value.chars().count() > 200 {
                problems.insert(field.to_owned(), FieldProblem::TooLong);
            }
        }
        let rank = get("rank").parse::<i64>().ok().filter(|r| (1..=100).contains(r));
        if rank.is_none() {
            problems.insert("rank".to_owned(), FieldProblem::NotAWholeNumber);
        }
        let code = domain::checks::slug_from(&name_en).replace('-', "_");
        let (Some(rank), true) = (rank, problems.is_empty() && code.len() >= 3) else {
            problems.entry("name_en".to_owned()).or_insert(FieldProblem::Required);
            return Err(Error::Invalid(problems));
        };
        let level = RecognitionLevel { code, name_vi, name_en, rank };
        match self.store.add_recognition_level(&level, staff.id).await {
            Ok(()) => {
                // The honour roll offers the new level among its filters.
                self.changed();
                Ok(())
            }
            Err(StoreError::Duplicate(_)) => {
                Err(Error::Invalid(BTreeMap::from([("name_en".to_owned(), FieldProblem::SlugTaken)])))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The levels a recognition may have, in rank order.
    pub async fn recognition_levels(&self) -> Result<Vec<RecognitionLevel>, Error> {
        Ok(self.store.recognition_levels().await?)
    }

    /// A recognition's printable letter. The consent rule holds: the donor's name is printed when
    /// they chose to be named, or for the donor themselves, signed in (`own`).
    pub async fn recognition_letter(
        &self,
        id: i64,
        signed_in_donor: Option<i64>,
        lang: Lang,
    ) -> Result<domain::network::Letter, Error> {
        let record = self.store.recognition(id).await?.ok_or(Error::NotFound)?;
        let own = signed_in_donor == Some(record.donor_id);
        let donor_name = record.donor_name.clone();
        let entry = honour_entry(record, lang);
        let name = match (&entry.name, own) {
            (_, true) => donor_name,
            (Some(name), false) => name.clone(),
            (None, false) => lang.t().honour_anonymous.to_owned(),
        };
        let issued_on = entry.decision_date.unwrap_or_else(domain::format::today);
        Ok(domain::network::Letter {
            entry,
            name,
            org_name: self.site.org_name.clone(),
            place: self.place(),
            issued_on,
            own,
        })
    }

    /// Members a pledge may name as having mobilised the donor, or whose common fund it goes to:
    /// approved members, listed.
    pub async fn network_members(&self) -> Result<Vec<crate::store::NetworkMemberRecord>, Error> {
        Ok(self.store.network_members().await?)
    }

    /// Applications waiting for a decision (coordinators and admins).
    pub async fn waiting_applications(&self, staff: &StaffView) -> Result<Vec<ApplicationRecord>, Error> {
        if !matches!(staff.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Denied);
        }
        Ok(self.store.applications(true).await?)
    }

    /// The member a partner account records for: (donor id, slug, name); `Denied` for any other
    /// account (one whose role changed keeps its link to the member, not the right).
    pub async fn partner_member(&self, staff: &StaffView) -> Result<(i64, String, String), Error> {
        if staff.role != domain::Role::Partner {
            return Err(Error::Denied);
        }
        self.store.partner_member(staff.id).await?.ok_or(Error::Denied)
    }

    /// The honour roll: by year (latest with recognitions when none is asked) and optionally level.
    pub async fn honour_roll(
        &self,
        year: Option<i64>,
        level: Option<&str>,
        lang: Lang,
    ) -> Result<(Option<i64>, Vec<i64>, Vec<HonourEntry>), Error> {
        let years = self.store.recognition_years().await?;
        let year = year.or_else(|| years.first().copied());
        let Some(year) = year else { return Ok((None, years, Vec::new())) };
        let mut entries: Vec<HonourEntry> =
            self.store.recognitions(Some(year), level).await?.into_iter().map(|r| honour_entry(r, lang)).collect();
        entries.sort_by(|a, b| {
            b.level_rank.cmp(&a.level_rank).then(b.confirmed.cmp(&a.confirmed)).then_with(|| {
                domain::collation::compare(a.name.as_deref().unwrap_or("~"), b.name.as_deref().unwrap_or("~"))
            })
        });
        Ok((Some(year), years, entries))
    }

    /// Candidates for recognition: the `per_category` largest confirmed supporters of each category
    /// that reached `min_amount` in the year.
    pub async fn recognition_candidates(
        &self,
        staff: &StaffView,
        year: i64,
        min_amount: i64,
        per_category: usize,
    ) -> Result<Vec<Candidate>, Error> {
        if !matches!(staff.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Denied);
        }
        let mut all = self.store.recognition_candidates(year, min_amount).await?;
        all.sort_by(|a, b| a.category.cmp(&b.category).then(b.confirmed.cmp(&a.confirmed)));
        let mut chosen: Vec<Candidate> = Vec::new();
        for candidate in all {
            if chosen.iter().filter(|c| c.category == candidate.category).count() < per_category {
                chosen.push(candidate);
            }
        }
        Ok(chosen)
    }
}

/// The consent rule: a recognised donor is named only when they agreed to be.
pub fn honour_entry(r: RecognitionRecord, lang: Lang) -> HonourEntry {
    HonourEntry {
        id: r.id,
        year: r.year,
        level_name: r.level.name(lang).to_owned(),
        level: r.level.code,
        level_rank: r.level.rank,
        decision_number: r.decision_number,
        decision_date: r.decision_date,
        reason: r.reason,
        name: r.public_name.then_some(r.donor_name),
        slug: if r.public_name { r.slug } else { None },
        kind: r.donor_kind,
        confirmed: r.confirmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(public_name: bool) -> RecognitionRecord {
        RecognitionRecord {
            id: 1,
            donor_id: 7,
            year: 2026,
            level: RecognitionLevel {
                code: "thank_you_letter".into(),
                name_vi: "Thư cảm ơn".into(),
                name_en: "Letter of thanks".into(),
                rank: 1,
            },
            decision_number: None,
            decision_date: None,
            reason: "Ủng hộ áo ấm".into(),
            donor_name: "Nguyễn Thị Hoa".into(),
            donor_kind: DonorKind::Individual,
            public_name,
            slug: Some("nguyen-thi-hoa".into()),
            confirmed: 5_000_000,
        }
    }

    #[test]
    fn a_donor_is_named_on_the_honour_roll_only_with_consent() {
        let named = honour_entry(record(true), Lang::Vi);
        assert_eq!(named.name.as_deref(), Some("Nguyễn Thị Hoa"));
        assert_eq!(named.level_name, "Thư cảm ơn");
        let anonymous = honour_entry(record(false), Lang::En);
        assert_eq!(anonymous.name, None);
        assert_eq!(anonymous.slug, None);
        assert_eq!(anonymous.level_name, "Letter of thanks");
        assert_eq!(anonymous.confirmed, 5_000_000);
    }

    #[test]
    fn what_was_typed_comes_back_with_several_choices_joined() {
        let pairs = vec![
            ("categories".to_owned(), "health".to_owned()),
            ("categories".to_owned(), "warm_clothes".to_owned()),
            ("name".to_owned(), " Hội Phụ nữ ".to_owned()),
            ("token".to_owned(), "abc".to_owned()),
        ];
        let fields = typed(&pairs);
        assert_eq!(fields["categories"], "health warm_clothes");
        assert_eq!(fields["name"], "Hội Phụ nữ");
        assert!(!fields.contains_key("token"));
    }
}
