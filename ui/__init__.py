"""Small Streamlit helpers shared by the pages, and the installation settings.
Implements no article of the Wth.
"""
