//! How page data crosses the wire between server functions and the browser.

/// JSON decoded from text rather than bytes. Page data reaches the browser twice — embedded in the
/// page for hydration (parsed from a `&str`) and as server-function responses on client-side
/// navigation — and decoding both from text lets the browser bundle carry one deserializer per
/// type instead of two (about a tenth of the bundle).
pub struct JsonText;

impl leptos::server_fn::ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl leptos::server_fn::FormatType for JsonText {
    const FORMAT_TYPE: leptos::server_fn::Format = leptos::server_fn::Format::Text;
}

impl<T: serde::Serialize> leptos::server_fn::Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<leptos::server_fn::Bytes, Self::Error> {
        serde_json::to_string(output).map(|s| leptos::server_fn::Bytes::from(s.into_bytes()))
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server_fn::Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: leptos::server_fn::Bytes) -> Result<T, Self::Error> {
        let text =
            std::str::from_utf8(&bytes).map_err(|e| <serde_json::Error as serde::de::Error>::custom(e.to_string()))?;
        serde_json::from_str(text)
    }
}
