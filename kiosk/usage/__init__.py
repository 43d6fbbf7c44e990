"""Anonymous usage figures: what a stand achieved (issue 15).

Qt-free, standard library only (``sqlite3``) plus platformdirs: :mod:`.recorder` keeps the
current visit in memory, :mod:`.store` writes each finished visit in one transaction and keeps
the database within its bound, :mod:`.figures` reads one or many databases back into the
report's figures and CSV files, :mod:`.charts` draws them as SVG and a one-page HTML report,
:mod:`.fleet` switches content atomically and exports usage into an outbox.
"""
