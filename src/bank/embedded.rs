//! The prompt files compiled into the binary, so a fresh clone needs no setup.

/// (principle id, file contents), one per file in `prompts/`.
pub const FILES: [(&str, &str); 16] = [
    (
        "are-right-a-lot",
        include_str!("../../prompts/are-right-a-lot.toml"),
    ),
    (
        "bias-for-action",
        include_str!("../../prompts/bias-for-action.toml"),
    ),
    (
        "customer-obsession",
        include_str!("../../prompts/customer-obsession.toml"),
    ),
    (
        "deliver-results",
        include_str!("../../prompts/deliver-results.toml"),
    ),
    ("dive-deep", include_str!("../../prompts/dive-deep.toml")),
    ("earn-trust", include_str!("../../prompts/earn-trust.toml")),
    ("frugality", include_str!("../../prompts/frugality.toml")),
    (
        "have-backbone",
        include_str!("../../prompts/have-backbone.toml"),
    ),
    (
        "hire-and-develop-the-best",
        include_str!("../../prompts/hire-and-develop-the-best.toml"),
    ),
    (
        "insist-on-the-highest-standards",
        include_str!("../../prompts/insist-on-the-highest-standards.toml"),
    ),
    (
        "invent-and-simplify",
        include_str!("../../prompts/invent-and-simplify.toml"),
    ),
    (
        "learn-and-be-curious",
        include_str!("../../prompts/learn-and-be-curious.toml"),
    ),
    ("ownership", include_str!("../../prompts/ownership.toml")),
    (
        "strive-to-be-earths-best-employer",
        include_str!("../../prompts/strive-to-be-earths-best-employer.toml"),
    ),
    (
        "success-and-scale-bring-broad-responsibility",
        include_str!("../../prompts/success-and-scale-bring-broad-responsibility.toml"),
    ),
    ("think-big", include_str!("../../prompts/think-big.toml")),
];
