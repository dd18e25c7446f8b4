-- 006: anonymous statistics (issue 6). An anonymous, synthetic case history for the explorer and the
-- benchmarks, and ONE anonymous view over live cases, destroyed cases and that history. The explorer and the
-- read-only SQL box read only the views below: no names, BSN, addresses, phone numbers, e-mail, free text,
-- case ids or exact moments (months and durations in hours only).

-- Synthetic (or imported) history: one row per RiHG assessment, already anonymous. Filled by data/generator.py
-- in bulk SQL; never shown in the case workers' lists (it is not in hv_case).
CREATE TABLE case_stats_history (
    id BIGINT NOT NULL,                  -- row number within the batch (no meaning)
    batch VARCHAR NOT NULL,              -- demo | bench | ... (generator --batch)
    is_synthetic BOOLEAN NOT NULL,       -- true: generated, not real cases
    municipality_code VARCHAR NOT NULL,
    melding_month DATE NOT NULL,         -- first day of the month of the melding (Europe/Amsterdam)
    final_state VARCHAR NOT NULL,        -- geen_huisverbod | verlopen | ingetrokken | vernietigd
    advice_indicated BOOLEAN,            -- RiHG advice: >= 2 red signals in one part
    decision_huisverbod BOOLEAN,         -- the decision (NULL: none yet)
    served BOOLEAN NOT NULL,             -- order imposed and served (T0 recorded)
    extended BOOLEAN NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    annulled BOOLEAN NOT NULL,           -- annulled by the court
    breach BOOLEAN NOT NULL,             -- at least one overtreding (art. 11 Wth) registered
    appealed BOOLEAN NOT NULL,           -- beroep or voorlopige voorziening filed
    hours_to_decision DOUBLE,            -- melding -> decision on the RiHG, hours
    hours_to_signature DOUBLE,           -- melding -> signed beschikking, hours
    order_days DOUBLE,                   -- actual duration of the order, days
    relation VARCHAR NOT NULL,           -- relation of the main threatened person (procedure.rules.RELATIONS)
    person_age_band VARCHAR NOT NULL,    -- age band of the uithuisgeplaatste at the melding
    children_present BOOLEAN NOT NULL,
    rihg_colours VARCHAR,                -- 20 chars, catalogue order A1..A3 B1..B11 C1..C6: R/B/G, '-' unknown
    rihg_red_mask INTEGER,               -- the same, red only: bit i (0-based) set = signal i+1 of that order red
    days_since_previous_order INTEGER    -- previous order for the same person, days; NULL: none
);

-- The one anonymous view the explorer and the SQL box read: live cases, destroyed cases (only the anonymous row
-- that retention kept, art. 10 Wth) and the anonymous history.
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
    -- Live cases without personal data (names, BSN, addresses, phones, free text, ids, exact moments left out).
    -- (one view reading tables only: EXPORT DATABASE writes views alphabetically, a view on a view would not import)
    SELECT 'zaak' AS source, c.is_demo AS is_synthetic, c.municipality_code,
           CAST(date_trunc('month', c.created_at AT TIME ZONE 'Europe/Amsterdam') AS DATE) AS melding_month,
           CASE WHEN c.annulled_at IS NOT NULL OR c.state = 'vernietigd' THEN 'vernietigd'
                WHEN c.state IN ('opgelegd', 'verlengd') AND c.end_at <= current_timestamp THEN 'verlopen'
                ELSE c.state END AS final_state,
           c.advice_indicated, c.decision_huisverbod,
           (c.served_at IS NOT NULL OR c.oral_order_at IS NOT NULL) AS served,
           c.extended_at IS NOT NULL AS extended, c.withdrawn_at IS NOT NULL AS withdrawn,
           (c.annulled_at IS NOT NULL OR c.state = 'vernietigd') AS annulled,
           coalesce(ev.breach, false) AS breach,
           ap.case_id IS NOT NULL AS appealed,
           extract(epoch FROM (c.decision_recorded_at - c.created_at)) / 3600.0 AS hours_to_decision,
           extract(epoch FROM (c.decided_at - c.created_at)) / 3600.0 AS hours_to_signature,
           extract(epoch FROM (coalesce(c.withdrawn_at, c.annulled_at, c.end_at) - c.served_at)) / 86400.0 AS order_days,
           coalesce(hm.relation, 'onbekend') AS relation,
           CASE WHEN c.person_birth_date IS NULL THEN 'onbekend'
                WHEN date_part('year', age(CAST(c.created_at AS DATE), c.person_birth_date)) < 25 THEN '18-24'
                WHEN date_part('year', age(CAST(c.created_at AS DATE), c.person_birth_date)) < 35 THEN '25-34'
                WHEN date_part('year', age(CAST(c.created_at AS DATE), c.person_birth_date)) < 45 THEN '35-44'
                WHEN date_part('year', age(CAST(c.created_at AS DATE), c.person_birth_date)) < 55 THEN '45-54'
                WHEN date_part('year', age(CAST(c.created_at AS DATE), c.person_birth_date)) < 65 THEN '55-64'
                ELSE '65+' END AS person_age_band,
           coalesce(hm.children_present, false) AS children_present,
           s.rihg_colours, s.rihg_red_mask,
           CASE WHEN p.served_at IS NOT NULL AND c.served_at IS NOT NULL
                THEN CAST(floor(extract(epoch FROM (c.served_at - p.served_at)) / 86400.0) AS INTEGER) END
               AS days_since_previous_order
    FROM hv_case c
    LEFT JOIN hv_case p ON p.id = c.previous_case_id
    LEFT JOIN (SELECT case_id, bool_or(kind = 'overtreding') AS breach FROM case_event GROUP BY case_id) ev
        ON ev.case_id = c.id
    LEFT JOIN (SELECT DISTINCT case_id FROM appeal) ap ON ap.case_id = c.id
    -- the relation of a threatened household member: a partner first, then any other adult relation, then a child
    LEFT JOIN (SELECT case_id,
                      coalesce(min(relation) FILTER (WHERE threatened AND relation = 'partner'),
                               min(relation) FILTER (WHERE threatened AND relation <> 'kind'),
                               min(relation) FILTER (WHERE threatened)) AS relation,
                      bool_or(relation = 'kind') AS children_present
               FROM household_member GROUP BY case_id) hm ON hm.case_id = c.id
    LEFT JOIN (
        SELECT case_id,
               coalesce(max(CASE WHEN signal_code = 'A1' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'A2' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'A3' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B1' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B2' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B3' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B4' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B5' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B6' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B7' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B8' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B9' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B10' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'B11' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'C1' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'C2' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'C3' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'C4' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'C5' THEN upper(substr(colour, 1, 1)) END), '-')
               || coalesce(max(CASE WHEN signal_code = 'C6' THEN upper(substr(colour, 1, 1)) END), '-') AS rihg_colours,
               CAST(sum(CASE WHEN colour = 'rood' THEN CASE signal_code
                       WHEN 'A1' THEN 1
                       WHEN 'A2' THEN 2
                       WHEN 'A3' THEN 4
                       WHEN 'B1' THEN 8
                       WHEN 'B2' THEN 16
                       WHEN 'B3' THEN 32
                       WHEN 'B4' THEN 64
                       WHEN 'B5' THEN 128
                       WHEN 'B6' THEN 256
                       WHEN 'B7' THEN 512
                       WHEN 'B8' THEN 1024
                       WHEN 'B9' THEN 2048
                       WHEN 'B10' THEN 4096
                       WHEN 'B11' THEN 8192
                       WHEN 'C1' THEN 16384
                       WHEN 'C2' THEN 32768
                       WHEN 'C3' THEN 65536
                       WHEN 'C4' THEN 131072
                       WHEN 'C5' THEN 262144
                       WHEN 'C6' THEN 524288
                       ELSE 0 END ELSE 0 END) AS INTEGER) AS rihg_red_mask
        FROM rihg_signal GROUP BY case_id
    ) s ON s.case_id = c.id
    WHERE c.state <> 'vernietigd_archief'
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

-- Inhabitants per municipality and year (public CBS figures) for rates per 10,000.
CREATE VIEW v_population AS
SELECT p.municipality_code, m.name AS municipality, m.subregion, p.year, p.inhabitants
FROM population p JOIN municipality m ON m.code = p.municipality_code;
