-- 004: costs (issue 5): history of tariffs and population, accounts per organisation and year,
-- accession decisions per municipality with history, budgets per municipality and year.
-- The 001 tables tariff(year, kind, amount, is_example, note) and population(...) stay as they are.

CREATE SEQUENCE tariff_history_seq START 1;
CREATE TABLE tariff_history (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    old_amount DECIMAL(12,2),
    new_amount DECIMAL(12,2),
    old_is_example BOOLEAN,
    new_is_example BOOLEAN,
    note VARCHAR,
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by VARCHAR NOT NULL
);

CREATE SEQUENCE population_history_seq START 1;
CREATE TABLE population_history (
    id INTEGER PRIMARY KEY,
    municipality_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    old_inhabitants INTEGER,
    new_inhabitants INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by VARCHAR NOT NULL
);

-- Accounts per organisation and year: unit = municipality code (gemeente) or sub-region (partners).
CREATE TABLE cost_account (
    year INTEGER NOT NULL,
    organisation VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    accounts_new INTEGER NOT NULL,
    accounts_reused INTEGER NOT NULL,
    connections INTEGER NOT NULL,
    is_demo BOOLEAN NOT NULL,
    note VARCHAR,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR NOT NULL,
    PRIMARY KEY (year, organisation, unit)
);

CREATE TABLE accession (
    municipality_code VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,
    decided_on DATE,
    reference VARCHAR,
    note VARCHAR,
    is_demo BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE accession_history_seq START 1;
CREATE TABLE accession_history (
    id INTEGER PRIMARY KEY,
    municipality_code VARCHAR NOT NULL,
    old_status VARCHAR,
    new_status VARCHAR NOT NULL,
    decided_on DATE,
    reference VARCHAR,
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by VARCHAR NOT NULL
);

CREATE TABLE budget (
    municipality_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    amount DECIMAL(12,2) NOT NULL,
    budget_line VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by VARCHAR NOT NULL,
    PRIMARY KEY (municipality_code, year)
);
