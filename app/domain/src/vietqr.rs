//! VietQR payloads (NAPAS 247 inter-bank transfer QR, EMVCo merchant-presented format): the
//! receiving account, the amount and the transfer message, closed by a CRC-16/CCITT-FALSE.
//! The portal never touches money; this is how a donor's banking app learns where to send it.

use std::fmt::Write;

/// NAPAS's application identifier, tag 38/00.
pub const NAPAS_GUID: &str = "A000000727";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// `QRIBFTTA`: transfer to an account number.
    ToAccount,
    /// `QRIBFTTC`: transfer to a card number.
    ToCard,
}

impl Service {
    fn code(self) -> &'static str {
        match self {
            Service::ToAccount => "QRIBFTTA",
            Service::ToCard => "QRIBFTTC",
        }
    }
}

/// What a VietQR code asks the payer's bank to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// Six-digit bank BIN (acquirer id).
    pub bin: String,
    pub account: String,
    pub service: Service,
    /// Whole đồng; `None` for a static code where the payer types the amount.
    pub amount: Option<i64>,
    /// Tag 62/01.
    pub bill_number: Option<String>,
    /// Tag 62/08, the transfer message ("nội dung chuyển khoản"): ASCII, at most 25 characters.
    pub purpose: Option<String>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum VietQrError {
    #[error("the bank BIN must be six digits")]
    Bin,
    #[error("the account must be 1 to 19 letters or digits")]
    Account,
    #[error("the amount must be a positive whole number of at most 13 digits")]
    Amount,
    #[error("the message must be ASCII, at most 25 characters")]
    Text,
    #[error("not a VietQR payload: {0}")]
    Malformed(&'static str),
    #[error("the checksum does not match")]
    Checksum,
}

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final xor.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for byte in data {
        crc ^= u16::from(*byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

fn field(out: &mut String, id: &str, value: &str) {
    // Lengths are two decimal digits; every value here is checked to be short enough.
    let _ = write!(out, "{id}{:02}{value}", value.len());
}

fn short_ascii(text: &str, max: usize) -> Result<(), VietQrError> {
    if text.is_empty() || text.len() > max || !text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(VietQrError::Text);
    }
    Ok(())
}

/// The payload string, fields in NAPAS's order: 00, 01, 38, 53, 54, 58, 62, 63.
pub fn payload(t: &Transfer) -> Result<String, VietQrError> {
    if t.bin.len() != 6 || !t.bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VietQrError::Bin);
    }
    if t.account.is_empty() || t.account.len() > 19 || !t.account.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(VietQrError::Account);
    }
    let amount = match t.amount {
        Some(a) if a > 0 && a.to_string().len() <= 13 => Some(a.to_string()),
        Some(_) => return Err(VietQrError::Amount),
        None => None,
    };
    let mut beneficiary = String::new();
    field(&mut beneficiary, "00", &t.bin);
    field(&mut beneficiary, "01", &t.account);
    let mut account_info = String::new();
    field(&mut account_info, "00", NAPAS_GUID);
    field(&mut account_info, "01", &beneficiary);
    field(&mut account_info, "02", t.service.code());
    let mut additional = String::new();
    if let Some(bill) = &t.bill_number {
        short_ascii(bill, 25)?;
        field(&mut additional, "01", bill);
    }
    if let Some(purpose) = &t.purpose {
        short_ascii(purpose, 25)?;
        field(&mut additional, "08", purpose);
    }

    let mut out = String::with_capacity(160);
    field(&mut out, "00", "01");
    // 12: a dynamic code for one payment (with its amount); 11: a static, reusable one.
    field(&mut out, "01", if amount.is_some() { "12" } else { "11" });
    field(&mut out, "38", &account_info);
    field(&mut out, "53", "704");
    if let Some(amount) = &amount {
        field(&mut out, "54", amount);
    }
    field(&mut out, "58", "VN");
    if !additional.is_empty() {
        field(&mut out, "62", &additional);
    }
    out.push_str("6304");
    let _ = write!(out, "{:04X}", crc16(out.as_bytes()));
    Ok(out)
}

/// Splits a TLV string into (id, value) pairs, in order.
pub fn tlv(text: &str) -> Result<Vec<(&str, &str)>, VietQrError> {
    let mut fields = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (id, after_id) = rest.split_at_checked(2).ok_or(VietQrError::Malformed("truncated id"))?;
        let (len, after_len) = after_id.split_at_checked(2).ok_or(VietQrError::Malformed("truncated length"))?;
        let len: usize = len.parse().map_err(|_| VietQrError::Malformed("length is not a number"))?;
        let (value, after) =
            after_len.split_at_checked(len).ok_or(VietQrError::Malformed("value runs past the end"))?;
        fields.push((id, value));
        rest = after;
    }
    Ok(fields)
}

fn find<'a>(fields: &[(&str, &'a str)], id: &str) -> Option<&'a str> {
    fields.iter().find(|(i, _)| *i == id).map(|(_, v)| *v)
}

/// Reads a payload back (any field order), checking the structure and the checksum.
pub fn decode(payload: &str) -> Result<Transfer, VietQrError> {
    let (signed, crc) =
        payload.split_at_checked(payload.len().saturating_sub(4)).ok_or(VietQrError::Malformed("too short"))?;
    if !signed.ends_with("6304") {
        return Err(VietQrError::Malformed("the checksum is not the last field"));
    }
    let expected = u16::from_str_radix(crc, 16).map_err(|_| VietQrError::Checksum)?;
    if crc16(signed.as_bytes()) != expected {
        return Err(VietQrError::Checksum);
    }
    let root = tlv(payload)?;
    if root.first() != Some(&("00", "01")) {
        return Err(VietQrError::Malformed("payload format indicator"));
    }
    let account_info = tlv(find(&root, "38").ok_or(VietQrError::Malformed("no account information"))?)?;
    if find(&account_info, "00") != Some(NAPAS_GUID) {
        return Err(VietQrError::Malformed("not a NAPAS code"));
    }
    let beneficiary = tlv(find(&account_info, "01").ok_or(VietQrError::Malformed("no beneficiary"))?)?;
    let service = match find(&account_info, "02") {
        Some("QRIBFTTA") => Service::ToAccount,
        Some("QRIBFTTC") => Service::ToCard,
        _ => return Err(VietQrError::Malformed("service code")),
    };
    let additional = match find(&root, "62") {
        Some(v) => tlv(v)?,
        None => Vec::new(),
    };
    Ok(Transfer {
        bin: find(&beneficiary, "00").ok_or(VietQrError::Bin)?.to_owned(),
        account: find(&beneficiary, "01").ok_or(VietQrError::Account)?.to_owned(),
        service,
        amount: find(&root, "54").map(|a| a.parse().map_err(|_| VietQrError::Amount)).transpose()?,
        bill_number: find(&additional, "01").map(str::to_owned),
        purpose: find(&additional, "08").map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example of shared/data/vietqr-example.txt (A–E), as shipped with the product.
    const EXAMPLES: [&str; 6] = [
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
        "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203",
        "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA",
        "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
        "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6",
        "00020101021262110807tien le38560010A0000007270126000697041501121133666688880208QRIBFTTA5303704540460005802VN63046893",
    ];

    #[test]
    fn the_crc_check_value() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn every_published_example_decodes_and_is_generated_back_exactly() {
        for (i, example) in EXAMPLES.iter().enumerate() {
            let transfer = decode(example).unwrap_or_else(|e| panic!("example {i}: {e}"));
            let generated = payload(&transfer).unwrap();
            if i == 5 {
                // Example E puts 62 before 38; ours follows NAPAS's order and must mean the same.
                assert_eq!(decode(&generated).unwrap(), transfer);
            } else {
                assert_eq!(&generated, example, "example {i}");
            }
        }
        let a = decode(EXAMPLES[0]).unwrap();
        assert_eq!((a.bin.as_str(), a.account.as_str(), a.amount), ("970403", "0011012345678", Some(180_000)));
        assert_eq!(a.purpose.as_deref(), Some("thanh toan don hang"));
        assert_eq!(decode(EXAMPLES[3]).unwrap().amount, None, "a static code carries no amount");
    }

    #[test]
    fn a_damaged_payload_is_refused() {
        let mut damaged = EXAMPLES[0].replace("180000", "190000");
        assert_eq!(decode(&damaged), Err(VietQrError::Checksum));
        damaged = EXAMPLES[0][..40].to_owned();
        assert!(decode(&damaged).is_err());
    }

    #[test]
    fn bad_input_is_explained() {
        let good = Transfer {
            bin: "970436".into(),
            account: "1017595600".into(),
            service: Service::ToAccount,
            amount: Some(500_000),
            bill_number: None,
            purpose: Some("TN26-7F3K2Q".into()),
        };
        assert!(payload(&good).is_ok());
        assert_eq!(payload(&Transfer { bin: "97043".into(), ..good.clone() }), Err(VietQrError::Bin));
        assert_eq!(payload(&Transfer { account: "12 34".into(), ..good.clone() }), Err(VietQrError::Account));
        assert_eq!(payload(&Transfer { amount: Some(0), ..good.clone() }), Err(VietQrError::Amount));
        assert_eq!(payload(&Transfer { purpose: Some("Ủng hộ".into()), ..good.clone() }), Err(VietQrError::Text));
        assert_eq!(payload(&Transfer { purpose: Some("x".repeat(26)), ..good }), Err(VietQrError::Text));
    }

    proptest::proptest! {
        #[test]
        fn every_generated_payload_parses_and_its_crc_verifies(
            bin in "[0-9]{6}",
            account in "[0-9A-Z]{1,19}",
            amount in proptest::option::of(1i64..10_000_000_000_000),
            purpose in proptest::option::of("[ -~]{1,25}"),
            card in proptest::bool::ANY,
        ) {
            let transfer = Transfer {
                bin, account, amount, purpose, bill_number: None,
                service: if card { Service::ToCard } else { Service::ToAccount },
            };
            let generated = payload(&transfer).unwrap();
            let root = tlv(&generated).unwrap();
            proptest::prop_assert_eq!(root.last().map(|(id, v)| (*id, v.len())), Some(("63", 4)));
            proptest::prop_assert_eq!(decode(&generated).unwrap(), transfer);
        }
    }
}
