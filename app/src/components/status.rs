//! Showing failures: an error panel that also sets the HTTP status of a server-rendered page.

use crate::error::AppError;
use leptos::prelude::*;

/// Sets the status of the response being rendered (no-op in the browser).
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(code) {
            options.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    set_http_status(error.status());
    let heading = match error {
        AppError::NotFound(_) => "Not found",
        AppError::BadRequest(_) => "That request could not be understood",
        AppError::Unauthorized(_) => "Please log in",
        AppError::Forbidden(_) => "Not allowed",
        AppError::Conflict(_) => "Changed meanwhile",
        AppError::TooManyRequests(_) => "Too many attempts",
        AppError::Unprocessable(_) => "Not allowed by the rules",
        AppError::Unavailable(_) => "Temporarily unavailable",
        AppError::Internal(_) => "Something went wrong",
    };
    view! {
        <section class="error-panel" role="alert">
            <h1>{heading}</h1>
            <p>{error.message().to_string()}</p>
            {matches!(error, AppError::Unauthorized(_)).then(|| view! { <p><a href="/login">"Log in"</a></p> })}
            <p><a href="/">"Back to the home page"</a></p>
        </section>
    }
}

/// A page's data once loaded: "Loading…" meanwhile, the rendered data, or the error panel (which
/// also sets the HTTP status) when fetching failed.
pub fn loaded<T, V>(
    data: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(value) => render(value).into_any(),
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
