//! Movements on bank accounts, from a feed or a statement, before they are matched: which account
//! they are on (only the programme's own receiving accounts count: the campaigns', and the default
//! one that takes pledges to needs and common funds), and a feed's notification as a line.

use std::collections::{HashMap, HashSet};

use domain::ImportOutcome;

use domain::campaigns::{campaign_code, names_campaign};
use domain::{Display, DonorKind, NoticeChannel, PledgeKind};

use crate::bank_feed::BankMovement;
use crate::store::{NewPledge, StatementLine};
use crate::{Error, Portal};

/// `BIN:number`, the one way the portal writes an account.
pub fn account_key(bin: &str, number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("{}:{digits}", bin.trim())
}

impl Portal {
    /// Marks the transfers that carry a campaign's content and no pledge reference (someone who
    /// scanned a poster): each becomes an anonymous pledge to that campaign, which the store records
    /// and confirms in the line's own transaction, so a transfer reported again counts once.
    pub async fn with_walk_ins(&self, lines: &[StatementLine]) -> Result<Vec<StatementLine>, Error> {
        let mut lines = lines.to_vec();
        // Memos carry other numbers that read like references (an account, a phone): the store uses
        // the walk-in only when no open pledge is named.
        // A walk-in needs the bank's own reference and the account it reached: a line known by
        // neither could be a copy of one already counted, and a campaign's code on another account
        // is money that campaign's statement does not show. Memos carry other numbers that read
        // like pledge references (an account, a phone), so the store uses the walk-in only when
        // no open pledge is named.
        let unnamed = |l: &StatementLine| {
            l.money_in && l.ours && l.amount > 0 && !l.bank_reference.trim().is_empty() && l.account.is_some()
        };
        if !lines.iter().any(unnamed) {
            return Ok(lines);
        }
        let (campaigns, _) = self.store.campaigns(true, 10_000, 0).await?;
        let codes: Vec<(String, String, String)> = campaigns
            .iter()
            .map(|c| (campaign_code(&c.slug, c.id), c.slug.clone(), account_key(&c.bank_bin, &c.account_number)))
            .collect();
        let initials = crate::pledges::initials(&self.areas.province_proper_name());
        for line in lines.iter_mut().filter(|l| unnamed(l)) {
            let named: Vec<&String> = codes
                .iter()
                .filter(|(code, _, key)| line.account.as_ref() == Some(key) && names_campaign(&line.description, code))
                .map(|(_, slug, _)| slug)
                .collect();
            // Exactly one campaign, or a person decides.
            if let [slug] = named.as_slice() {
                line.walk_in = Some(Box::new(walk_in_pledge(slug, line, &initials)));
            }
        }
        Ok(lines)
    }

    /// The accounts gifts are received on, as `BIN:number`.
    pub async fn own_accounts(&self) -> Result<HashSet<String>, Error> {
        Ok(self.receiving_accounts().await?.into_keys().collect())
    }

    /// The receiving accounts, each with the campaign that receives on it (none: the default one).
    async fn receiving_accounts(&self) -> Result<HashMap<String, Option<String>>, Error> {
        let (campaigns, _) = self.store.campaigns(false, 10_000, 0).await?;
        let mut own: HashMap<String, Option<String>> = HashMap::new();
        if let Some(default) = &self.site.default_account {
            own.insert(account_key(&default.bin, &default.number), None);
        }
        for c in campaigns {
            own.insert(account_key(&c.bank_bin, &c.account_number), Some(c.slug));
        }
        Ok(own)
    }

    /// Names the account a statement is for (`BIN:number`, or none when the uploader did not say):
    /// its referenced lines are then known by account and reference, and a statement of another
    /// account is recorded as not ours.
    pub async fn on_account(&self, lines: &mut [StatementLine], account: Option<&str>) -> Result<(), Error> {
        let Some(account) = account.map(str::trim).filter(|a| !a.is_empty()) else { return Ok(()) };
        let (bin, number) = account
            .split_once(':')
            .ok_or_else(|| Error::invalid("account", domain::FieldProblem::NotAnAccountNumber))?;
        let key = account_key(bin, number);
        if bin.trim().len() != 6 || key.len() <= 7 {
            return Err(Error::invalid("account", domain::FieldProblem::NotAnAccountNumber));
        }
        let ours = self.own_accounts().await?.contains(&key);
        for line in lines.iter_mut() {
            line.account = Some(key.clone());
            line.ours = ours;
            line.identify_by_reference();
        }
        Ok(())
    }

    /// A feed's notification, recorded durably and matched as a statement line would be: a
    /// transfer naming one open pledge confirms it (ledger entry and receipt in the same
    /// transaction); the same bank transaction counts once however often it is reported.
    pub async fn record_bank_movement(&self, movement: BankMovement) -> Result<ImportOutcome, Error> {
        let account = movement.bank_bin.as_deref().map(|bin| account_key(bin, &movement.account_number));
        // A bank the list does not know: the number alone tells whether it is one of ours.
        let receiving = self.receiving_accounts().await?;
        let found = match &account {
            Some(key) => receiving.get(key),
            None => receiving
                .iter()
                .find(|(key, _)| key.ends_with(&format!(":{}", movement.account_number)))
                .map(|(_, campaign)| campaign),
        };
        let ours = found.is_some();
        let campaign = found.cloned().flatten();
        let local = movement.at.to_offset(domain::format::VIETNAM);
        let mut line = StatementLine {
            identity: String::new(),
            line: 0,
            booked_on: local.date(),
            amount: movement.amount,
            candidates: crate::statements::candidate_references(&movement.content),
            description: movement.content,
            bank_reference: movement.reference,
            money_in: movement.money_in,
            account,
            ours,
            feed_id: Some(movement.feed_id.clone()),
            occurred_at: Some(movement.at),
            walk_in: None,
        };
        line.identity = crate::tokens::token_hash(&format!("feed|{}", movement.feed_id));
        line.identify_by_reference();
        let [line] =
            <[StatementLine; 1]>::try_from(self.with_walk_ins(&[line]).await?).map_err(|_| Error::Unavailable)?;
        let source = movement.feed_id.split(':').next().unwrap_or("feed").to_owned();
        let now = time::OffsetDateTime::now_utc();
        let outcome = self.store.import_statement(&source, &[line], None, domain::format::today(), now).await?;
        // A new movement moves the campaign's statement and perhaps its totals: like a pledge, it
        // advances the campaign's progress (pages show it within the progress window), not the
        // generation, so a busy account does not empty the page cache with every transfer.
        if outcome.already_imported == 0 && ours {
            let parts: Vec<crate::progress::Part> = campaign.into_iter().map(crate::progress::Part::Campaign).collect();
            self.progressed(&parts);
        }
        Ok(outcome)
    }
}

/// The pledge a walk-in transfer becomes: money from an anonymous individual, for the campaign, on
/// the day the bank booked it (inside the campaign's window, or it waits for a person).
fn walk_in_pledge(slug: &str, line: &StatementLine, initials: &str) -> NewPledge {
    NewPledge {
        reference: crate::pledges::new_reference(initials, line.booked_on.year()),
        donor_kind: DonorKind::Individual,
        name: domain::i18n::Lang::Vi.t().anonymous_donor.to_owned(),
        email: None,
        phone: None,
        notice_channel: NoticeChannel::Email,
        tax_code: None,
        campaign: Some(slug.to_owned()),
        need_id: None,
        mobilised_by: None,
        pool: None,
        on: line.booked_on,
        kind: PledgeKind::Money,
        amount: Some(line.amount),
        item: None,
        quantity: None,
        unit: None,
        description: None,
        estimated_value: None,
        display: Display::Anonymous,
        language: "vi".to_owned(),
        idempotency_key: None,
        request_hash: String::new(),
        repeat_key: None,
        instalments: Vec::new(),
        donor_id: None,
    }
}
