//! SePay's webhook (developer.sepay.vn, "Tích hợp webhook"): a JSON object per transaction with
//! `id`, `gateway` (the bank's name), `transactionDate` (`YYYY-MM-DD HH:MM:SS`, Vietnam time),
//! `accountNumber`, `subAccount`, `code`, `content`, `transferType` (`in` or `out`),
//! `transferAmount`, `accumulated`, `referenceCode` and `description`. SePay retries a call that
//! did not answer 200 with `{"success": true}`, with the same `id`.

use serde::Deserialize;
use time::macros::{format_description, offset};

use super::{BankMovement, FeedProblem};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    id: Option<serde_json::Value>,
    gateway: Option<String>,
    transaction_date: Option<String>,
    account_number: Option<String>,
    content: Option<String>,
    transfer_type: Option<String>,
    transfer_amount: Option<serde_json::Value>,
    reference_code: Option<String>,
    description: Option<String>,
}

/// Reads one notification; `banks` names the bank from SePay's `gateway`.
pub fn parse(body: &[u8], banks: &domain::banks::BankDirectory) -> Result<BankMovement, FeedProblem> {
    let n: Notification = serde_json::from_slice(body).map_err(|e| FeedProblem::NotJson(e.to_string()))?;
    let field = |field: &'static str, why: &'static str| FeedProblem::Field { field, why };
    let id = match n.id {
        Some(serde_json::Value::Number(id)) => id.to_string(),
        Some(serde_json::Value::String(id)) if !id.trim().is_empty() && id.len() <= 64 => id.trim().to_owned(),
        _ => return Err(field("id", "required: SePay's id of the transaction")),
    };
    let account_number: String = n.account_number.unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
    if account_number.is_empty() || account_number.len() > 19 {
        return Err(field("accountNumber", "required: the account's digits"));
    }
    let at = n
        .transaction_date
        .as_deref()
        .and_then(|d| {
            time::PrimitiveDateTime::parse(
                d.trim(),
                format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
            )
            .ok()
        })
        .ok_or_else(|| field("transactionDate", "required as YYYY-MM-DD HH:MM:SS"))?
        .assume_offset(offset!(+7));
    let money_in = match n.transfer_type.as_deref() {
        Some("in") => true,
        Some("out") => false,
        _ => return Err(field("transferType", "must be \"in\" or \"out\"")),
    };
    let amount = match n.transfer_amount {
        Some(serde_json::Value::Number(amount)) => amount.as_i64(),
        _ => None,
    }
    .filter(|a| *a > 0)
    .ok_or_else(|| field("transferAmount", "required: a whole number of đồng above 0"))?;
    // The message: SePay's `content`, or the bank's full `description` when content is empty.
    let content = n.content.filter(|c| !c.trim().is_empty()).or(n.description).unwrap_or_default();
    let content: String = content.chars().filter(|c| !c.is_control()).take(500).collect();
    let reference: String =
        n.reference_code.unwrap_or_default().trim().chars().filter(|c| !c.is_control()).take(64).collect();
    Ok(BankMovement {
        feed_id: format!("sepay:{id}"),
        bank_bin: n.gateway.as_deref().and_then(|g| banks.bank_by_name(g)).map(|b| b.bin.clone()),
        account_number,
        at,
        money_in,
        amount,
        content,
        reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn banks() -> domain::banks::BankDirectory {
        let bank = |bin: &str, code: &str, short: &str| domain::banks::Bank {
            bin: bin.into(),
            code: code.into(),
            short_name: short.into(),
            name: short.into(),
            vietqr_status: "TRANSFER_SUPPORTED".into(),
        };
        domain::banks::BankDirectory::new([
            (bank("970436", "VCB", "Vietcombank"), false),
            (bank("970422", "MBB", "MB Bank"), false),
        ])
    }

    #[test]
    fn sepays_documented_notification_is_read() {
        let body = r#"{"id": 92704, "gateway": "Vietcombank", "transactionDate": "2023-03-25 14:02:37",
            "accountNumber": "0123499999", "code": null, "content": "UNG HO TN26-7F3K2Q", "transferType": "in",
            "transferAmount": 2277000, "accumulated": 19077000, "subAccount": null,
            "referenceCode": "MBVCB.3278907687", "description": ""}"#;
        let movement = parse(body.as_bytes(), &banks()).unwrap();
        assert_eq!(movement.feed_id, "sepay:92704");
        assert_eq!(movement.bank_bin.as_deref(), Some("970436"));
        assert_eq!(movement.account_number, "0123499999");
        assert_eq!(movement.amount, 2_277_000);
        assert!(movement.money_in);
        assert_eq!(movement.reference, "MBVCB.3278907687");
        assert_eq!(movement.at.to_offset(time::UtcOffset::UTC).hour(), 7, "14:02 in Vietnam is 07:02 UTC");
        let mb = parse(body.replace("Vietcombank", "MBBank").as_bytes(), &banks()).unwrap();
        assert_eq!(mb.bank_bin.as_deref(), Some("970422"));
    }

    #[test]
    fn a_malformed_notification_names_what_is_wrong() {
        assert!(matches!(parse(b"not json", &banks()), Err(FeedProblem::NotJson(_))));
        let cases: [(&str, &str); 4] = [
            (
                r#"{"gateway":"Vietcombank","transactionDate":"2026-12-01 10:00:00","accountNumber":"1","transferType":"in","transferAmount":1}"#,
                "id",
            ),
            (
                r#"{"id":1,"transactionDate":"01/12/2026","accountNumber":"1","transferType":"in","transferAmount":1}"#,
                "transactionDate",
            ),
            (
                r#"{"id":1,"transactionDate":"2026-12-01 10:00:00","accountNumber":"1","transferType":"sideways","transferAmount":1}"#,
                "transferType",
            ),
            (
                r#"{"id":1,"transactionDate":"2026-12-01 10:00:00","accountNumber":"1","transferType":"in","transferAmount":-5}"#,
                "transferAmount",
            ),
        ];
        for (body, wrong) in cases {
            match parse(body.as_bytes(), &banks()) {
                Err(FeedProblem::Field { field, .. }) => assert_eq!(field, wrong, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
