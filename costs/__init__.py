"""Costs of the system, pure and in Decimal / cents: tariffs, accounts, partner split, procedures, savings, reports.
Implements no article of the Wth: the cost model of the regional proposal (costs.md).
"""
