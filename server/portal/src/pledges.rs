//! Pledges from the public form: the checks a typed pledge must pass, its reference code, and
//! recording it against a need.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::Rng;

use crate::campaign_terms::CampaignTerms;
use crate::progress::Part;
use crate::store::{NewPledge, PlannedInstalment, PledgeReceipt, PledgeRecord, StoreError};
use crate::{Conflict, Error, Portal};
use domain::amount::parse_vnd;
use domain::checks::{is_phone, is_tax_code, mobile_84, normalise_phone};
use domain::i18n::Lang;
use domain::{
    Display, DonorKind, FieldProblem, InstalmentStatus, InstalmentView, MAX_INSTALMENTS, NoticeChannel, Payment,
    PledgeForm, PledgeKind, ReceivingAccount,
};

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I).
const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// `TN26-7F3K2Q`: the province's initials (from the area data), the year, six unambiguous characters.
/// Short enough for a bank transfer message, and readable over the phone.
pub fn new_reference(province_initials: &str, year: i32) -> String {
    let mut rng = rand::rngs::OsRng;
    let tail: String =
        (0..6).map(|_| char::from(REFERENCE_ALPHABET[rng.gen_range(0..REFERENCE_ALPHABET.len())])).collect();
    format!("{province_initials}{:02}-{tail}", year.rem_euclid(100))
}

/// "Tỉnh Thái Nguyên" → "TN".
pub fn initials(proper_name: &str) -> String {
    domain::text::fold(proper_name).split(' ').filter_map(|w| w.chars().next()).collect::<String>().to_ascii_uppercase()
}

/// How long an unpaid pledge covers its need: after that only what was confirmed counts, so a promise
/// nobody keeps does not hide a need from other donors for long.
pub const UNPAID_COVERS_DAYS: i64 = 30;

/// The largest money pledge the public form takes unless configured (`PORTAL_PLEDGE_MAX`): a larger
/// gift is arranged with the coordinating body in person.
pub const DEFAULT_PLEDGE_MAX: i64 = 2_000_000_000;

const MAX_NAME: usize = 200;
const MAX_EMAIL: usize = 254;
const MAX_TEXT: usize = 2000;
const MIN_INSTALMENT: i64 = 10_000;

/// Monthly instalments from `first_due`, on the same day of each month (the month's last day when
/// it is shorter). Amounts are whole thousands of đồng; the first carries what does not divide.
pub fn instalment_schedule(amount: i64, count: i64, first_due: time::Date) -> Vec<PlannedInstalment> {
    let each = amount / count / 1000 * 1000;
    (1..=count)
        .map(|number| PlannedInstalment {
            number,
            due_on: months_after(first_due, number - 1),
            amount: if number == 1 { amount - each * (count - 1) } else { each },
        })
        .collect()
}

fn months_after(date: time::Date, months: i64) -> time::Date {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(date.year());
    let month = time::Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(date.month());
    let day = date.day().min(time::util::days_in_month(month, year));
    time::Date::from_calendar_date(year, month, day).unwrap_or(date)
}

/// Where each instalment stands on `today`: payments (`received`) settle them in order.
pub fn settle(instalments: &[PlannedInstalment], received: i64, today: time::Date) -> Vec<InstalmentView> {
    let mut left = received.max(0);
    let mut due_found = false;
    instalments
        .iter()
        .map(|i| {
            let paid = left.min(i.amount);
            left -= paid;
            let status = if paid == i.amount {
                InstalmentStatus::Paid
            } else if i.due_on < today {
                InstalmentStatus::Overdue
            } else if !due_found {
                due_found = true;
                InstalmentStatus::Due
            } else {
                InstalmentStatus::Upcoming
            };
            InstalmentView { number: i.number, due_on: i.due_on, amount: i.amount, paid, status }
        })
        .collect()
}

/// The transfer message of an instalment: the reference and "KY n" (kỳ), which banks keep as typed.
pub fn instalment_message(reference: &str, number: i64) -> String {
    format!("{reference} KY {number}")
}

/// Checks a typed pledge; every problem at once. The reference and the need's state are the
/// store's business.
pub fn validate(form: &PledgeForm, lang: Lang, pledge_max: i64) -> Result<NewPledge, BTreeMap<String, FieldProblem>> {
    let mut problems = BTreeMap::new();
    let mut problem = |field: &str, p: FieldProblem| {
        problems.entry(field.to_owned()).or_insert(p);
    };
    let campaign = Some(form.campaign.trim().to_owned()).filter(|c| !c.is_empty());
    let need_id = form.need.trim().parse::<i64>().ok();
    let pool = Some(form.pool.trim().to_owned()).filter(|p| !p.is_empty());
    if pool.is_some() {
        // A gift to a common fund has no need yet: the fund forwards it later.
        if need_id.is_some() || campaign.is_some() {
            problem("need", FieldProblem::UnknownNeed);
        }
        if pool.as_ref().is_some_and(|p| p.len() > 80) {
            problem("pool", FieldProblem::UnknownMember);
        }
    } else if need_id.is_none() && (campaign.is_none() || !form.need.trim().is_empty()) {
        problem("need", FieldProblem::Required);
    }
    if campaign.as_ref().is_some_and(|c| c.len() > 80) {
        problem("campaign", FieldProblem::TooLong);
    }
    let mobilised_by = Some(form.mobilised_by.trim().to_owned()).filter(|m| !m.is_empty());
    if mobilised_by.as_ref().is_some_and(|m| m.len() > 80) {
        problem("mobilised_by", FieldProblem::UnknownMember);
    }
    let donor_kind = DonorKind::parse(form.donor_type.trim());
    if donor_kind.is_none() {
        problem("donor_type", FieldProblem::Required);
    }
    // A name is one line: control characters (CR, LF…) become spaces.
    let name = domain::text::one_line(&form.name);
    let name = name.as_str();
    if name.is_empty() {
        problem("name", FieldProblem::Required);
    } else if name.chars().count() > MAX_NAME {
        problem("name", FieldProblem::TooLong);
    }
    let email = domain::text::lowercase_trimmed(&form.email);
    let phone = form.phone.trim().to_owned();
    if email.is_empty() && phone.is_empty() {
        problem("email", FieldProblem::ContactRequired);
    }
    if email.len() > MAX_EMAIL {
        problem("email", FieldProblem::TooLong);
    } else if !email.is_empty() && !domain::text::is_plausible_email(&email) {
        problem("email", FieldProblem::NotAnEmail);
    }
    if !phone.is_empty() && !is_phone(&phone) {
        problem("phone", FieldProblem::NotAPhone);
    }
    // A channel the donor chose needs its contact detail; one left to us follows what was given.
    let chosen = form.notice_channel.trim();
    let notice_channel = NoticeChannel::parse(chosen).unwrap_or(NoticeChannel::default_for(!email.is_empty()));
    if !chosen.is_empty() && NoticeChannel::parse(chosen).is_none() {
        problem("notice_channel", FieldProblem::Required);
    } else if !chosen.is_empty()
        && notice_channel.by_phone()
        && (phone.is_empty() || (is_phone(&phone) && mobile_84(&phone).is_none()))
    {
        problem("phone", FieldProblem::MobileForChannel);
    } else if notice_channel == NoticeChannel::Email && email.is_empty() && !phone.is_empty() {
        problem("email", FieldProblem::EmailForChannel);
    }
    let tax_code = form.tax_code.trim().to_owned();
    if donor_kind == Some(DonorKind::Business) && tax_code.is_empty() {
        problem("tax_code", FieldProblem::TaxCodeForReceipt);
    } else if !tax_code.is_empty() && !is_tax_code(&tax_code) {
        problem("tax_code", FieldProblem::NotATaxCode);
    }
    let amount_in = |field: &str, text: &str, problem: &mut dyn FnMut(&str, FieldProblem)| -> Option<i64> {
        if text.trim().is_empty() {
            problem(field, FieldProblem::Required);
            return None;
        }
        match parse_vnd(text) {
            Some(0) => {
                problem(field, FieldProblem::AmountNotPositive);
                None
            }
            Some(value) if (1..=100_000_000_000).contains(&value) => Some(value),
            _ => {
                problem(field, FieldProblem::NotAnAmount);
                None
            }
        }
    };
    let text_in = |field: &str, text: &str, problem: &mut dyn FnMut(&str, FieldProblem)| -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            problem(field, FieldProblem::Required);
            None
        } else if text.chars().count() > MAX_TEXT {
            problem(field, FieldProblem::TooLong);
            None
        } else {
            Some(text.to_owned())
        }
    };
    let kind = PledgeKind::parse(form.kind.trim());
    let (mut amount, mut item, mut quantity, mut unit, mut description, mut estimated_value) =
        (None, None, None, None, None, None);
    match kind {
        None => problem("kind", FieldProblem::Required),
        Some(PledgeKind::Money) => {
            amount = amount_in("amount", &form.amount, &mut problem);
            if amount.is_some_and(|a| a > pledge_max) {
                problem("amount", FieldProblem::AboveCeiling);
                amount = None;
            }
        }
        Some(PledgeKind::InKind) => {
            item = text_in("item", &form.item, &mut problem);
            quantity = match domain::amount::parse_count(&form.quantity) {
                Some(q) if (1..=10_000_000).contains(&q) => Some(q),
                _ => {
                    problem("quantity", FieldProblem::NotAWholeNumber);
                    None
                }
            };
            unit = text_in("unit", &form.unit, &mut problem);
            estimated_value = amount_in("estimated_value", &form.estimated_value, &mut problem);
        }
        Some(PledgeKind::Service) => {
            description = text_in("description", &form.description, &mut problem);
            estimated_value = amount_in("estimated_value", &form.estimated_value, &mut problem);
        }
    }
    let instalment_count = match form.instalments.trim() {
        "" => 1,
        text => text.parse::<i64>().unwrap_or(0),
    };
    let smallest_instalment = amount.map(|a| a / instalment_count.max(1));
    if !(1..=MAX_INSTALMENTS).contains(&instalment_count)
        || (instalment_count > 1 && (kind != Some(PledgeKind::Money) || smallest_instalment < Some(MIN_INSTALMENT)))
    {
        problem("instalments", FieldProblem::InstalmentsInvalid);
    }
    let display = Display::parse(form.display.trim());
    if display.is_none() {
        problem("display", FieldProblem::Required);
    }
    if form.consent.is_none() {
        problem("consent", FieldProblem::ConsentRequired);
    }
    let (Some(donor_kind), Some(kind), Some(display)) = (donor_kind, kind, display) else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let on = domain::format::today();
    let instalments = match amount {
        Some(amount) if instalment_count > 1 => instalment_schedule(amount, instalment_count, on),
        _ => Vec::new(),
    };
    let mut pledge = NewPledge {
        reference: String::new(),
        donor_kind,
        name: name.to_owned(),
        email: Some(email).filter(|e| !e.is_empty()),
        phone: Some(normalise_phone(&phone)).filter(|p| !p.is_empty()),
        notice_channel,
        tax_code: Some(tax_code).filter(|t| !t.is_empty()),
        campaign,
        need_id,
        mobilised_by,
        pool,
        on,
        kind,
        amount,
        item,
        quantity,
        unit,
        description,
        estimated_value,
        display,
        language: lang.code().to_owned(),
        idempotency_key: None,
        request_hash: String::new(),
        repeat_key: None,
        instalments,
        donor_id: None,
    };
    pledge.request_hash = request_hash(&pledge);
    Ok(pledge)
}

/// A digest of what was asked, to tell a repeated submission from a different one.
pub fn request_hash(p: &NewPledge) -> String {
    let text = format!(
        "{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}",
        p.donor_kind.as_str(),
        p.name,
        p.email,
        p.phone,
        p.tax_code,
        p.campaign,
        p.need_id,
        p.mobilised_by,
        p.pool,
        p.kind.as_str(),
        p.amount,
        p.item,
        p.quantity,
        p.unit,
        p.description,
        p.estimated_value,
        p.display.as_str(),
        p.instalments.len()
    );
    crate::tokens::token_hash(&text)
}

/// What makes a pledge sent again harmless: the request's own key (a form's token, an API client's
/// `Idempotency-Key`), and on the public form the same gift from the same browser within
/// `REPEAT_WINDOW`.
struct Keys {
    idempotency: Option<String>,
    /// The browser's own random mark; none where a repeated gift is not looked for.
    same_gift_from: Option<String>,
}

/// The same gift from the same browser, whatever the form's token: a digest of the browser's mark,
/// the contact, the target, the kind, what is given and how the donor is shown (`validate` has
/// already lowercased the email). No contact detail can be read back. The browser's mark keeps it
/// from being an oracle: someone else who types a donor's email and guesses the gift does not land
/// on that donor's page.
fn repeat_key(browser: &str, p: &NewPledge) -> String {
    let text = format!(
        "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        browser,
        p.email,
        p.phone,
        p.tax_code,
        p.campaign,
        p.need_id,
        p.pool,
        p.kind.as_str(),
        p.amount,
        p.item,
        p.quantity,
        p.unit,
        p.description,
        p.estimated_value,
        p.display.as_str(),
    );
    format!("form-again:{}", crate::tokens::token_hash(&text))
}

/// A transfer of `amount` to `account` with `message`, as a VietQR payload and in words.
fn transfer_to(account: ReceivingAccount, amount: i64, message: String, instalment: Option<i64>) -> Option<Payment> {
    let transfer = domain::vietqr::Transfer {
        bin: account.bin.clone(),
        account: account.number.clone(),
        service: domain::vietqr::Service::ToAccount,
        amount: Some(amount),
        bill_number: None,
        purpose: Some(message.clone()),
    };
    domain::vietqr::payload(&transfer).ok().map(|vietqr| Payment { account, amount, message, vietqr, instalment })
}

/// A pledge the API just took, answered from what was recorded rather than read back: under a
/// crowd, reading it again cost more than recording it.
#[derive(Debug)]
pub struct Taken {
    pub reference: String,
    /// The same request came again (its key): this is the first pledge.
    pub replayed: bool,
    pub status: String,
    pub kind: PledgeKind,
    pub value: i64,
    pub need_id: Option<i64>,
    pub over_need: bool,
    pub payment: Option<Payment>,
}

impl Portal {
    /// How to pay a money pledge: to its campaign's account, or outside a campaign to the default
    /// receiving account. `None` for goods and services, or when no account is configured.
    /// A pledge paid in instalments is paid one instalment at a time: the earliest not yet settled,
    /// for what it still lacks, with its number in the message.
    pub async fn payment(&self, pledge: &PledgeRecord) -> Result<Option<Payment>, StoreError> {
        let (PledgeKind::Money, Some(amount)) = (pledge.kind, pledge.amount) else { return Ok(None) };
        let plan = self.store.payment_plan(&pledge.reference).await?;
        let (amount, message, instalment) = match settle(&plan.instalments, plan.received, domain::format::today())
            .iter()
            .find(|i| i.paid < i.amount)
        {
            Some(next) => {
                (next.amount - next.paid, instalment_message(&pledge.reference, next.number), Some(next.number))
            }
            None if plan.instalments.is_empty() && plan.received < amount => {
                (amount - plan.received, pledge.reference.clone(), None)
            }
            None => return Ok(None),
        };
        let account = match pledge.campaign_id {
            Some(id) => self.campaign_terms_by_id(id).await?.map(|c| c.account.clone()),
            None => self.site.default_account.clone(),
        };
        Ok(account.and_then(|account| transfer_to(account, amount, message, instalment)))
    }

    /// Unpaid pledges older than `UNPAID_COVERS_DAYS` stop covering their needs, and needs follow
    /// what covers them now. Answers how many needs changed status.
    pub async fn sweep_stale_pledges(&self, now: time::OffsetDateTime) -> Result<u64, StoreError> {
        let moved = self.store.sweep_stale_pledges(now - time::Duration::days(UNPAID_COVERS_DAYS), now).await?;
        if moved > 0 {
            self.changed();
        }
        Ok(moved)
    }

    /// Records a pledge from the public form. The form's token makes a repeat harmless, and so does
    /// the same gift sent again from the same `browser` (its random mark) within ten minutes from a
    /// fresh form (back, then send); a donor signed in on `/me` gives as themselves.
    pub async fn pledge_from_form(
        &self,
        form: &PledgeForm,
        lang: Lang,
        signed_in_donor: Option<i64>,
        browser: Option<&str>,
    ) -> Result<PledgeReceipt, Error> {
        let token = form.token.trim();
        if token.len() < 16 || token.len() > 100 {
            return Err(Error::invalid("token", FieldProblem::Required));
        }
        let keys = Keys { idempotency: Some(format!("form:{token}")), same_gift_from: browser.map(str::to_owned) };
        Ok(self.record_with(form, lang, keys, signed_in_donor).await?.0)
    }

    /// Records a pledge; with a key, a repeat of the same request answers the first pledge. Its
    /// donor is always a new record: nothing typed joins an existing one.
    pub async fn pledge(&self, form: &PledgeForm, lang: Lang, idempotency_key: Option<String>) -> Result<Taken, Error> {
        let keys = Keys { idempotency: idempotency_key, same_gift_from: None };
        let (receipt, pledge, campaign) = self.record_with(form, lang, keys, None).await?;
        let (reference, over_need, need_id) = match receipt {
            PledgeReceipt::Recorded { reference, over_need, need_id } => (reference, over_need, need_id),
            PledgeReceipt::Repeated { reference } => {
                let first = self.pledge_status(&reference).await?;
                return Ok(Taken {
                    reference: first.reference,
                    replayed: true,
                    status: first.status,
                    kind: first.kind,
                    value: first.value,
                    need_id: first.need_id,
                    over_need: first.over_need,
                    payment: first.payment,
                });
            }
        };
        // Nothing is received yet: the whole amount, or the first instalment.
        let payment = match (pledge.kind, pledge.amount) {
            (PledgeKind::Money, Some(amount)) => {
                let account = match &campaign {
                    Some(terms) => Some(terms.account.clone()),
                    None => self.site.default_account.clone(),
                };
                let (amount, message, instalment) = match pledge.instalments.first() {
                    Some(first) => (first.amount, instalment_message(&reference, first.number), Some(first.number)),
                    None => (amount, reference.clone(), None),
                };
                account.and_then(|account| transfer_to(account, amount, message, instalment))
            }
            _ => None,
        };
        Ok(Taken {
            replayed: false,
            status: "pledged".to_owned(),
            kind: pledge.kind,
            value: pledge.value(),
            need_id,
            over_need,
            payment,
            reference,
        })
    }

    /// Records a pledge, answering the store's receipt with the pledge as recorded and its
    /// campaign's terms.
    async fn record_with(
        &self,
        form: &PledgeForm,
        lang: Lang,
        keys: Keys,
        donor_id: Option<i64>,
    ) -> Result<(PledgeReceipt, NewPledge, Option<Arc<CampaignTerms>>), Error> {
        let mut pledge = validate(form, lang, self.site.pledge_max).map_err(Error::Invalid)?;
        pledge.idempotency_key = keys.idempotency;
        pledge.repeat_key = keys.same_gift_from.map(|browser| repeat_key(&browser, &pledge));
        pledge.donor_id = donor_id;
        // What the pledge moves on public pages: its campaign (as stored), its need, the totals.
        let mut moved = Vec::with_capacity(2);
        moved.extend(pledge.need_id.map(Part::Need));
        let mut terms = None;
        if let Some(slug) = &pledge.campaign {
            let campaign = self.campaign_terms(slug).await?.ok_or(Error::NotFound)?;
            if !(campaign.opens_on <= pledge.on && pledge.on <= campaign.closes_on) {
                return Err(Error::Conflict(Conflict::Closed));
            }
            if pledge.need_id.is_some_and(|id| !campaign.need_ids.contains(&id)) {
                return Err(Error::invalid("need", FieldProblem::UnknownNeed));
            }
            // With no need named, the store gives it to the campaign's need that lacks the most.
            moved.extend(campaign.need_ids.iter().map(|&id| Part::Need(id)));
            moved.push(Part::Campaign(campaign.slug.clone()));
            terms = Some(campaign);
        }
        if pledge.mobilised_by.is_some() || pledge.pool.is_some() {
            let members = self.store.network_members().await?;
            for (field, slug) in [("mobilised_by", &pledge.mobilised_by), ("pool", &pledge.pool)] {
                if slug.as_ref().is_some_and(|slug| !members.iter().any(|m| &m.slug == slug)) {
                    return Err(Error::invalid(field, FieldProblem::UnknownMember));
                }
            }
        }
        let initials = initials(&self.areas.province_proper_name());
        // A reference is random; in the unlikely case it is taken, draw again.
        for _ in 0..3 {
            pledge.reference = new_reference(&initials, pledge.on.year());
            match self.store.record_pledge(&pledge).await {
                Ok(receipt) => {
                    self.progressed(&moved);
                    if matches!(receipt, PledgeReceipt::Recorded { .. }) {
                        self.count_recorded_pledge();
                    }
                    return Ok((receipt, pledge, terms));
                }
                Err(StoreError::Duplicate(_)) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(Error::Unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instalments_fall_monthly_and_add_up_to_the_pledge() {
        let plan = instalment_schedule(1_000_000, 3, time::macros::date!(2026 - 01 - 31));
        let dues: Vec<_> = plan.iter().map(|i| i.due_on).collect();
        assert_eq!(
            dues,
            [
                time::macros::date!(2026 - 01 - 31),
                time::macros::date!(2026 - 02 - 28),
                time::macros::date!(2026 - 03 - 31)
            ],
            "the month's last day when it is shorter"
        );
        assert_eq!(plan.iter().map(|i| i.amount).collect::<Vec<_>>(), [334_000, 333_000, 333_000]);
        let december = instalment_schedule(900_000, 9, time::macros::date!(2026 - 12 - 15));
        assert_eq!(december[8].due_on, time::macros::date!(2027 - 08 - 15));
    }

    #[test]
    fn payments_settle_instalments_in_order() {
        let plan = instalment_schedule(900_000, 3, time::macros::date!(2026 - 01 - 10));
        let views = settle(&plan, 450_000, time::macros::date!(2026 - 02 - 20));
        let states: Vec<_> = views.iter().map(|v| (v.paid, v.status)).collect();
        assert_eq!(
            states,
            [(300_000, InstalmentStatus::Paid), (150_000, InstalmentStatus::Overdue), (0, InstalmentStatus::Due)]
        );
        assert_eq!(instalment_message("TN26-7F3K2Q", 2), "TN26-7F3K2Q KY 2");
    }

    fn form() -> PledgeForm {
        PledgeForm {
            need: "3".into(),
            donor_type: "business".into(),
            name: "Công ty TNHH Minh Phát".into(),
            email: "lienhe@minhphat.vn".into(),
            tax_code: "4600123456".into(),
            kind: "money".into(),
            amount: "5tr".into(),
            display: "named".into(),
            consent: Some("yes".into()),
            token: "0123456789abcdef".into(),
            ..PledgeForm::default()
        }
    }

    #[test]
    fn references_are_short_and_unambiguous() {
        let r = new_reference("TN", 2026);
        assert_eq!(r.len(), 11);
        assert!(r.starts_with("TN26-"));
        assert!(!r[5..].contains(['0', 'O', '1', 'I']));
        assert_eq!(initials("Thái Nguyên"), "TN");
    }

    #[test]
    fn a_good_pledge_passes_and_amounts_are_read_as_typed() {
        let pledge = validate(&form(), Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap();
        assert_eq!((pledge.amount, pledge.value()), (Some(5_000_000), 5_000_000));
        assert_eq!(pledge.tax_code.as_deref(), Some("4600123456"));
    }

    #[test]
    fn every_problem_is_named() {
        let bad = PledgeForm {
            email: String::new(),
            phone: String::new(),
            tax_code: "12".into(),
            amount: "nhiều".into(),
            display: String::new(),
            consent: None,
            ..form()
        };
        let problems = validate(&bad, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap_err();
        assert_eq!(problems.get("email"), Some(&FieldProblem::ContactRequired));
        assert_eq!(problems.get("tax_code"), Some(&FieldProblem::NotATaxCode));
        assert_eq!(problems.get("amount"), Some(&FieldProblem::NotAnAmount));
        assert_eq!(problems.get("display"), Some(&FieldProblem::Required));
        assert_eq!(problems.get("consent"), Some(&FieldProblem::ConsentRequired));
        let in_kind = PledgeForm {
            kind: "in_kind".into(),
            item: "Áo ấm".into(),
            quantity: "50".into(),
            unit: "chiếc".into(),
            estimated_value: "12,5tr".into(),
            ..form()
        };
        assert_eq!(validate(&in_kind, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap().value(), 12_500_000);
    }

    #[test]
    fn the_messages_say_why() {
        let business = PledgeForm { donor_type: "business".into(), tax_code: String::new(), ..form() };
        let problems = validate(&business, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap_err();
        assert_eq!(problems.get("tax_code"), Some(&FieldProblem::TaxCodeForReceipt), "the receipt needs it");
        for nothing in ["0", "0đ", "0 ₫"] {
            let zero = PledgeForm { amount: nothing.into(), ..form() };
            let problems = validate(&zero, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap_err();
            assert_eq!(problems.get("amount"), Some(&FieldProblem::AmountNotPositive), "{nothing}");
        }
    }

    #[test]
    fn a_money_pledge_above_the_ceiling_is_refused_with_its_reason() {
        let big = PledgeForm { amount: "2.000.000.001".into(), ..form() };
        assert_eq!(
            validate(&big, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap_err().get("amount"),
            Some(&FieldProblem::AboveCeiling)
        );
        let at_ceiling = PledgeForm { amount: "2.000.000.000".into(), ..form() };
        assert_eq!(validate(&at_ceiling, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap().amount, Some(2_000_000_000));
    }

    #[test]
    fn the_same_request_has_the_same_digest() {
        let a = validate(&form(), Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap();
        let b = validate(&PledgeForm { token: "another-token-0000".into(), ..form() }, Lang::Vi, DEFAULT_PLEDGE_MAX)
            .unwrap();
        assert_eq!(a.request_hash, b.request_hash);
        let c = validate(&PledgeForm { amount: "6tr".into(), ..form() }, Lang::Vi, DEFAULT_PLEDGE_MAX).unwrap();
        assert_ne!(a.request_hash, c.request_hash);
    }
}
