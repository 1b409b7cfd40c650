"""The procurement manifest: what a vendor declares about data when bidding for a city contract.

A manifest is a YAML or JSON file recognised by its top-level format-version key
`ocp_manifest: "1.0"` (as `publiccode.yml` does with `publiccodeYmlVersion`). Almost every field is
optional on purpose: the schema catches wrong types, unknown keys and bad enum values, while the
rules of `ocp-governance` say, one by one and in plain words, what a bid is missing. The JSON
Schema generated from these models is published as `standards/schemas/manifest.schema.json` so
vendors can validate in their editor. The format is documented in docs/manifest.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CountryCode = str  # ISO 3166-1 alpha-2, checked by the schema pattern below
_COUNTRY = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code, e.g. CA.")

DataClass = Literal["public", "internal", "confidential", "personal", "sensitive-personal"]
Classification = Literal["unclassified", "protected-a", "protected-b", "protected-c", "secret"]


class _Strict(BaseModel):
    # Unknown keys are typos until proven otherwise: the schema rule reports them.
    model_config = ConfigDict(extra="forbid")


class Contact(_Strict):
    name: str | None = Field(default=None, description="Person or role.")
    email: str | None = Field(default=None, description="E-mail address.")
    phone: str | None = Field(default=None, description="Telephone number.")


class Vendor(_Strict):
    name: str | None = Field(default=None, description="Legal name of the bidding company.")
    country: CountryCode | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="Country of incorporation (ISO 3166-1)."
    )
    parent_company_country: CountryCode | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description="Country of the ultimate parent company, if any (foreign-control risk).",
    )
    website: str | None = Field(default=None, description="Company website.")
    contact: Contact | None = Field(default=None, description="Who answers for this bid.")


class Solution(_Strict):
    name: str | None = Field(default=None, description="Product or service name.")
    version: str | None = Field(default=None, description="Version offered.")
    description: str | None = Field(default=None, description="What it does for the city.")
    deployment: Literal["saas", "hosted", "on-premises", "hybrid"] | None = Field(
        default=None, description="How the solution is delivered."
    )
    resident_facing: bool | None = Field(
        default=None, description="Residents use it directly (web, app, kiosk)."
    )
    public_realm_sensing: bool | None = Field(
        default=None, description="It senses people or vehicles in public space (cameras, sensors)."
    )
    requires_proprietary_client: bool | None = Field(
        default=None,
        description="Residents must install or buy a specific vendor's product to use it.",
    )


class DataElement(_Strict):
    name: str = Field(description="Name of the data element, e.g. licence_plate.")
    description: str | None = Field(default=None, description="What it holds.")
    classification: Classification | None = Field(
        default=None, description="Security classification label."
    )
    data_class: DataClass | None = Field(default=None, description="Sensitivity class.")
    personal_information: bool | None = Field(
        default=None, description="Whether it is personal information about an individual."
    )
    purpose: str | None = Field(default=None, description="Why it is collected.")
    retention: str | None = Field(
        default=None, description="Retention period as an ISO 8601 duration, e.g. P90D."
    )
    disposal: str | None = Field(default=None, description="How it is disposed of at the end.")


class DataInventory(_Strict):
    contains_personal_information: bool | None = Field(
        default=None, description="Whether the solution handles personal information at all."
    )
    elements: list[DataElement] | None = Field(default=None, description="Every data element.")


class SecondaryUse(_Strict):
    sale: bool | None = Field(default=None, description="The vendor may sell city data.")
    third_party_licensing: bool | None = Field(
        default=None, description="The vendor may license city data to third parties."
    )
    model_training: bool | None = Field(
        default=None, description="The vendor may train AI/ML models on city data."
    )
    approval_ref: str | None = Field(
        default=None, description="Reference of the city's written approval for any such use."
    )
    permitted: list[str] | None = Field(
        default=None, description="Other uses the vendor asks to be allowed."
    )


class DataRights(_Strict):
    owner: Literal["municipality", "vendor", "shared"] | None = Field(
        default=None, description="Who owns the data collected or generated for the city."
    )
    scope: list[Literal["raw", "derived", "metadata", "logs", "models"]] | None = Field(
        default=None, description="Which data the ownership statement covers."
    )
    secondary_use: SecondaryUse | None = Field(default=None, description="Vendor use of data.")
    open_data_publication_permitted: bool | None = Field(
        default=None, description="The city may publish the data under its open licence."
    )
    ip_model: (
        Literal["city_owned", "open_source_licensed", "perpetual_licence", "vendor_exclusive"]
        | None
    ) = Field(
        default=None, description="Who owns custom deliverables, or what licence the city gets."
    )


class Location(_Strict):
    purpose: Literal[
        "storage", "processing", "backup", "disaster_recovery", "support_access", "administration"
    ] = Field(description="What happens at this location.")
    country: str = _COUNTRY
    region: str | None = Field(default=None, description="Province, state or cloud region.")
    data_class: DataClass | None = Field(default=None, description="Most sensitive data held.")
    provider: str | None = Field(default=None, description="Data-centre or cloud provider.")
    exception_ref: str | None = Field(
        default=None, description="Statutory exception allowing this location, if any."
    )


class SubProcessor(_Strict):
    name: str = Field(description="Sub-processor's legal name.")
    country: str = _COUNTRY
    services: list[str] | None = Field(default=None, description="What it does.")
    data_class: DataClass | None = Field(default=None, description="Most sensitive data seen.")


class Residency(_Strict):
    locations: list[Location] | None = Field(
        default=None, description="Every place data is stored, processed, backed up or accessed."
    )
    sub_processors: list[SubProcessor] | None = Field(
        default=None, description="Every sub-processor that can reach city data."
    )
    foreign_demand_notification: bool | None = Field(
        default=None, description="The city is told of any foreign order to disclose its data."
    )
    foreign_demand_notice_hours: float | None = Field(
        default=None, ge=0, description="Hours within which the city is told."
    )
    jurisdictional_risk_assessment: str | None = Field(
        default=None, description="URL or path of the jurisdictional risk assessment."
    )


class Encryption(_Strict):
    in_transit: bool | None = Field(default=None, description="Encrypted in transit.")
    min_tls_version: Literal["1.0", "1.1", "1.2", "1.3"] | None = Field(
        default=None, description="Lowest TLS version accepted."
    )
    at_rest: bool | None = Field(default=None, description="Encrypted at rest.")
    key_custody: Literal["municipality", "vendor", "cloud_provider", "hsm_third_party"] | None = (
        Field(default=None, description="Who generates and controls the encryption keys.")
    )


class Certification(_Strict):
    standard: str = Field(description="e.g. ISO/IEC 27001, SOC 2 Type II, CAN/CIOSC 104.")
    issued: str | None = Field(default=None, description="Date of the certificate or report.")
    expires: str | None = Field(default=None, description="Expiry date, if any.")
    scope: str | None = Field(default=None, description="What the certificate covers.")
    evidence: str | None = Field(default=None, description="Path or URL of the evidence.")


class Security(_Strict):
    encryption: Encryption | None = Field(default=None, description="Encryption measures.")
    certifications: list[Certification] | None = Field(
        default=None, description="Security certifications or attestation reports."
    )
    breach_notification_hours: float | None = Field(
        default=None, ge=0, description="Hours within which the city is told of a breach."
    )
    audit_logging: bool | None = Field(
        default=None, description="Access to personal data is logged (who, when, what)."
    )
    audit_logs_available_to_city: bool | None = Field(
        default=None, description="The city can obtain those logs."
    )


class Pia(_Strict):
    completed: bool | None = Field(default=None, description="A PIA/DPIA has been completed.")
    url: str | None = Field(default=None, description="Where the assessment can be read.")
    date: str | None = Field(default=None, description="Date of the assessment.")


class Privacy(_Strict):
    pia: Pia | None = Field(default=None, description="Privacy impact assessment.")
    deidentification: str | None = Field(
        default=None, description="How data is de-identified before sharing or publication."
    )
    deidentified_at_source: bool | None = Field(
        default=None, description="Public-realm sensors strip identity on the device."
    )
    public_notice_url: str | None = Field(
        default=None, description="Where residents are told about collection in public space."
    )
    data_minimisation: bool | None = Field(
        default=None, description="Only data needed for the stated purposes is collected."
    )


class Interface(_Strict):
    name: str = Field(description="Name of the interface or data format.")
    standard: str | None = Field(
        default=None, description="Open standard implemented, or 'custom' when none applies."
    )
    version: str | None = Field(default=None, description="Version of that standard.")
    spec: str | None = Field(
        default=None, description="Path (inside the submission) or URL of the specification."
    )
    direction: Literal["inbound", "outbound", "both"] | None = Field(
        default=None, description="Data flow direction."
    )


class SoftwareComponent(_Strict):
    name: str = Field(description="Component name.")
    custom: bool | None = Field(default=None, description="Developed for this contract.")
    license: str | None = Field(default=None, description="SPDX licence identifier.")
    repository: str | None = Field(default=None, description="Source repository URL.")
    city_access: bool | None = Field(
        default=None, description="The city has access to the repository."
    )
    proprietary_justification: str | None = Field(
        default=None, description="Why no open alternative is used (for non-open components)."
    )
    open_alternative: str | None = Field(
        default=None, description="A functional open alternative, for closed dependencies."
    )


class Sbom(_Strict):
    format: Literal["spdx", "cyclonedx"] | None = Field(default=None, description="SBOM format.")
    path: str | None = Field(default=None, description="Path or URL of the SBOM.")
    per_release: bool | None = Field(default=None, description="Delivered with each release.")


class OpenSource(_Strict):
    components: list[SoftwareComponent] | None = Field(
        default=None, description="Software components of the solution."
    )
    sbom: Sbom | None = Field(default=None, description="Software bill of materials.")
    reuse_assessment: list[str] | None = Field(
        default=None, description="Existing open solutions evaluated before building new ones."
    )
    install_docs: str | None = Field(
        default=None, description="Where deployment documentation for a third party lives."
    )


class Exit(_Strict):
    export_formats: list[str] | None = Field(
        default=None, description="Formats of the full data export, e.g. CSV, GeoJSON."
    )
    export_includes: list[Literal["data", "metadata", "logs", "documents", "models"]] | None = (
        Field(default=None, description="What the export contains.")
    )
    on_demand: bool | None = Field(
        default=None, description="The city can export at any time, not only at termination."
    )
    sample_export: str | None = Field(
        default=None, description="Path of a sample export inside the submission."
    )
    notice_days: float | None = Field(default=None, ge=0, description="Notice period to exit.")
    transition_days: float | None = Field(
        default=None, ge=0, description="Days the vendor supports the switch to another provider."
    )
    retrieval_days: float | None = Field(
        default=None, ge=0, description="Days the city can still retrieve data after transition."
    )
    fees: Literal["none", "cost_based", "fixed", "undisclosed"] | None = Field(
        default=None, description="Switching or egress charges."
    )
    exit_plan: str | None = Field(default=None, description="URL or path of the exit plan.")
    exit_cost: float | None = Field(
        default=None, ge=0, description="Exit and transition cost in the TCO."
    )
    return_then_destroy: bool | None = Field(
        default=None, description="Data is returned, then destroyed, at termination."
    )
    destruction_certificate: bool | None = Field(
        default=None, description="Destruction is certified in writing."
    )


class Accessibility(_Strict):
    standard: str | None = Field(default=None, description="e.g. WCAG 2.1 AA, EN 301 549.")
    conformance_report: str | None = Field(
        default=None, description="URL or path of the accessibility conformance report."
    )


class AiTransparency(_Strict):
    technical: str | None = Field(default=None, description="Technical documentation URL.")
    procedural: str | None = Field(default=None, description="How the system is used, URL.")
    explainability: str | None = Field(default=None, description="How decisions are explained.")


class AlgorithmicSystem(_Strict):
    name: str = Field(description="Name of the algorithmic or AI system.")
    purpose: str | None = Field(default=None, description="What it decides or informs.")
    informs_decisions_about_people: bool | None = Field(
        default=None, description="It informs decisions that affect residents."
    )
    register_entry: str | None = Field(
        default=None, description="URL of the public algorithm register entry."
    )
    risk_category: Literal["minimal", "limited", "high", "unacceptable"] | None = Field(
        default=None, description="Risk category of the system."
    )
    transparency: AiTransparency | None = Field(default=None, description="Transparency docs.")
    individual_explanation: bool | None = Field(
        default=None, description="The vendor helps explain individual decisions on request."
    )
    audit_right: bool | None = Field(
        default=None, description="The city or an independent auditor may audit it."
    )
    deliverables: (
        list[
            Literal[
                "risk_management",
                "data_governance",
                "technical_documentation",
                "logging",
                "transparency",
                "human_oversight",
                "accuracy_robustness_security",
            ]
        ]
        | None
    ) = Field(default=None, description="High-risk deliverables supplied.")


class ServiceLevels(_Strict):
    uptime_percent: float | None = Field(
        default=None, ge=0, le=100, description="Committed availability."
    )
    support_contact: str | None = Field(default=None, description="Support e-mail or URL.")
    support_response_hours: float | None = Field(
        default=None, ge=0, description="Response time commitment."
    )
    term_months: float | None = Field(default=None, ge=0, description="Contract term.")


class Evidence(_Strict):
    path: str = Field(description="Path of the evidence file inside the submission.")
    description: str | None = Field(default=None, description="What it proves.")


class Manifest(_Strict):
    """A vendor's declaration about data, for one bid."""

    ocp_manifest: Literal["1.0"] = Field(description="Manifest format version.")
    vendor: Vendor | None = Field(default=None, description="The bidder.")
    solution: Solution | None = Field(default=None, description="What is offered.")
    data_inventory: DataInventory | None = Field(default=None, description="Data handled.")
    data_rights: DataRights | None = Field(default=None, description="Ownership and use.")
    residency: Residency | None = Field(default=None, description="Where data lives.")
    security: Security | None = Field(default=None, description="Security measures.")
    privacy: Privacy | None = Field(default=None, description="Privacy measures.")
    interfaces: list[Interface] | None = Field(
        default=None, description="External interfaces and data formats."
    )
    open_source: OpenSource | None = Field(default=None, description="Software and licences.")
    exit: Exit | None = Field(default=None, description="Exit and portability.")
    accessibility: Accessibility | None = Field(default=None, description="Accessibility.")
    algorithmic_systems: list[AlgorithmicSystem] | None = Field(
        default=None, description="Algorithmic or AI systems in the solution (empty if none)."
    )
    service_levels: ServiceLevels | None = Field(default=None, description="Service levels.")
    evidence: list[Evidence] | None = Field(default=None, description="Supporting documents.")
