-- 008: the anonymous rows of the live cases as a table (issue 12). store/anon.py keeps it in the same transaction
-- as every write to a case (and fills it right after this migration); v_case_anon no longer re-aggregates the
-- RiHG signals, household members, events and appeals of every live case on every statistics query.
-- Same view name and columns as in 006: the SQL box and the statistics store of issue 11 read it unchanged.
CREATE TABLE case_anon_live (
    case_id VARCHAR NOT NULL,            -- internal only: the view does not expose it
    is_synthetic BOOLEAN NOT NULL,
    municipality_code VARCHAR NOT NULL,
    melding_month DATE NOT NULL,
    state VARCHAR NOT NULL,              -- stored state; the view derives 'verlopen' from end_at and the clock
    end_at TIMESTAMPTZ,                  -- internal only: the view does not expose it
    advice_indicated BOOLEAN,
    decision_huisverbod BOOLEAN,
    served BOOLEAN NOT NULL,
    extended BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    annulled BOOLEAN NOT NULL,
    breach BOOLEAN NOT NULL,
    appealed BOOLEAN NOT NULL,
    hours_to_decision DOUBLE,
    hours_to_signature DOUBLE,
    order_days DOUBLE,
    relation VARCHAR NOT NULL,
    person_age_band VARCHAR NOT NULL,
    children_present BOOLEAN NOT NULL,
    rihg_colours VARCHAR,
    rihg_red_mask INTEGER,
    days_since_previous_order INTEGER
);

DROP VIEW v_case_anon;
CREATE VIEW v_case_anon AS
SELECT u.source, u.is_synthetic, u.melding_month, CAST(extract(year FROM u.melding_month) AS INTEGER) AS melding_year,
       u.municipality_code, mu.name AS municipality, mu.subregion, u.final_state,
       CASE WHEN u.decision_huisverbod THEN 'huisverbod' WHEN NOT u.decision_huisverbod THEN 'geen_huisverbod'
            ELSE 'in_behandeling' END AS outcome,
       u.advice_indicated, u.decision_huisverbod, u.served, u.extended, u.withdrawn, u.annulled, u.breach, u.appealed,
       u.hours_to_decision, u.hours_to_signature, u.order_days, u.relation, u.person_age_band, u.children_present,
       u.rihg_colours, u.rihg_red_mask, u.days_since_previous_order,
       coalesce(u.days_since_previous_order <= 365, false) AS repeat_within_12m
FROM (
    SELECT 'zaak' AS source, is_synthetic, municipality_code, melding_month,
           CASE WHEN annulled THEN 'vernietigd'
                WHEN state IN ('opgelegd', 'verlengd') AND end_at <= current_timestamp THEN 'verlopen'
                ELSE state END AS final_state,
           advice_indicated, decision_huisverbod, served, extended, withdrawn, annulled, breach, appealed,
           hours_to_decision, hours_to_signature, order_days, relation, person_age_band, children_present,
           rihg_colours, rihg_red_mask, days_since_previous_order
    FROM case_anon_live
    UNION ALL
    SELECT 'archief', false, municipality_code, created_month, final_state, NULL,
           CASE WHEN served THEN true WHEN final_state = 'geen_huisverbod' THEN false END,
           served, extended, withdrawn, final_state = 'vernietigd', false, appealed, NULL, NULL, NULL,
           'onbekend', 'onbekend', children_present, NULL, NULL, NULL
    FROM case_stats_archive
    UNION ALL
    SELECT 'historie', is_synthetic, municipality_code, melding_month, final_state, advice_indicated,
           decision_huisverbod, served, extended, withdrawn, annulled, breach, appealed, hours_to_decision,
           hours_to_signature, order_days, relation, person_age_band, children_present, rihg_colours,
           rihg_red_mask, days_since_previous_order
    FROM case_stats_history
) u
JOIN municipality mu ON mu.code = u.municipality_code;
