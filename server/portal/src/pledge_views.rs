//! A pledge as its donor and the public see it: the thank-you page (what was pledged and how to pay
//! it, never who pledged), its VietQR code as a picture, and the receipt — the donor's own
//! document, for the donor signed in and for staff who manage pledges only.

use domain::i18n::Lang;
use domain::staff::may_manage_pledges;
use domain::{Receipt, ThankYou, Viewer};

use crate::pledges::settle;
use crate::{Error, Portal};

impl Portal {
    /// What the thank-you page shows of a pledge: its status with the VietQR code drawn.
    pub async fn thank_you(&self, reference: &str) -> Result<ThankYou, Error> {
        let mut shown = self.pledge_status(reference).await?;
        shown.qr_svg = shown.payment.as_ref().map(|p| crate::qr::svg(&p.vietqr, 240));
        Ok(shown)
    }

    /// A pledge's public status (what the API answers): the thank-you page without its picture.
    pub async fn pledge_status(&self, reference: &str) -> Result<ThankYou, Error> {
        let pledge = self.store.pledge(reference.trim()).await?.ok_or(Error::NotFound)?;
        let need_title = match pledge.need_id {
            Some(id) => self.store.need(id).await?.map(|n| n.title),
            None => None,
        };
        let campaign = match pledge.campaign_id {
            Some(id) => self.campaign_terms_by_id(id).await?.map(|c| (c.slug.clone(), c.title.clone())),
            None => None,
        };
        let payment = self.payment(&pledge).await?;
        let plan = self.store.payment_plan(&pledge.reference).await?;
        let instalments = settle(&plan.instalments, plan.received, domain::format::today());
        Ok(ThankYou {
            reference: pledge.reference,
            need_id: pledge.need_id,
            need_title,
            campaign,
            kind: pledge.kind,
            amount: pledge.amount,
            item: pledge.item,
            quantity: pledge.quantity,
            unit: pledge.unit,
            description: pledge.description,
            estimated_value: pledge.estimated_value,
            over_need: pledge.over_need,
            payment,
            qr_svg: None,
            status: pledge.status,
            received: plan.received,
            instalments,
            value: pledge.value,
            created_at: pledge.created_at,
        })
    }

    /// The pledge's VietQR code as a PNG to save (`scale` pixels per module), the payment details
    /// written under it in the donor's language: the reference it is for and the picture;
    /// `NotFound` when nothing is left to pay or no account is known.
    pub async fn payment_qr_png(&self, reference: &str, lang: Lang, scale: u32) -> Result<(String, Vec<u8>), Error> {
        let pledge = self.store.pledge(reference.trim()).await?.ok_or(Error::NotFound)?;
        let payment = self.payment(&pledge).await?.ok_or(Error::NotFound)?;
        let t = lang.t();
        let details = [
            (t.pay_bank, payment.account.bank_name.clone()),
            (t.pay_account, payment.account.number.clone()),
            (t.pay_account_name, payment.account.name.clone()),
            (t.pay_amount, domain::format::vnd(payment.amount)),
            (t.pay_message, payment.message.clone()),
        ];
        let png = crate::payment_card::payment_card_png(&payment.vietqr, &details, scale).ok_or(Error::Unavailable)?;
        Ok((pledge.reference, png))
    }

    /// The printable acknowledgement of what arrived for a pledge. It names the donor, so it is
    /// theirs: anyone but the donor signed in and staff who manage pledges is asked to sign in, and
    /// another donor's receipt is as unknown to a donor as a reference that does not exist. Nothing
    /// received yet (or a cancelled gift) has no receipt.
    pub async fn receipt(&self, reference: &str, viewer: &Viewer) -> Result<Receipt, Error> {
        let reference = reference.trim().to_uppercase();
        if !viewer.staff.as_ref().is_some_and(may_manage_pledges) {
            let donor_id = viewer.donor.ok_or(Error::SignInRequired)?;
            if !self.store.own_pledges(donor_id).await?.iter().any(|p| p.reference == reference) {
                return Err(Error::NotFound);
            }
        }
        let pledge = self.store.pledge(&reference).await?.ok_or(Error::NotFound)?;
        let donor = self.store.staff_pledge(&reference).await?.ok_or(Error::NotFound)?;
        let payments: Vec<(time::Date, i64)> = self
            .store
            .pledge_ledger(&reference)
            .await?
            .into_iter()
            .filter(|entry| entry.entry == "confirmation")
            .map(|entry| (entry.at.to_offset(domain::format::VIETNAM).date(), entry.amount))
            .collect();
        let received: i64 = payments.iter().map(|(_, amount)| amount).sum();
        if received <= 0 || !matches!(pledge.status.as_str(), "partly_paid" | "confirmed" | "delivered") {
            return Err(Error::NotFound);
        }
        let target = match (pledge.need_id, pledge.campaign_id) {
            (Some(id), _) => self.store.need(id).await?.map(|need| self.need_from_record(need).choice_label()),
            (None, Some(id)) => self.store.campaign_by_id(id).await?.map(|c| c.title),
            (None, None) => None,
        };
        Ok(Receipt {
            what: domain::format::pledge_what(
                pledge.kind,
                pledge.amount,
                (pledge.item.as_deref(), pledge.quantity, pledge.unit.as_deref()),
                pledge.description.as_deref(),
                pledge.estimated_value,
            ),
            reference,
            org_name: self.site.org_name.clone(),
            place: self.place(),
            donor_name: donor.donor_name,
            donor_kind: donor.donor_kind,
            tax_code: donor.donor_tax_code,
            target,
            payments,
            received,
            issued_on: domain::format::today(),
        })
    }
}
