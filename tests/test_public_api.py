import importlib
import pkgutil

import tidings
from tidings.config import load_config
from tidings.errors import TidingsError


def test_all_is_complete_and_importable():
    for name in tidings.__all__:
        assert hasattr(tidings, name), name
    public = {n for n in dir(tidings) if not n.startswith("_")}
    modules = {m.name for m in pkgutil.iter_modules(tidings.__path__)}
    assert public - set(tidings.__all__) - modules == set()


def test_every_module_declares_all():
    for info in pkgutil.walk_packages(tidings.__path__, "tidings."):
        if info.name.endswith(("__main__", ".cli")):
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), info.name


def test_error_tree_has_one_root():
    for name in tidings.__all__:
        obj = getattr(tidings, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, TidingsError), name


def test_config_layers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config(env={}).db == "tidings.db"
    (tmp_path / "tidings.toml").write_text('db = "from-file.db"\n[ingest]\nbatch_size = 7\n')
    cfg = load_config(env={})
    assert (cfg.db, cfg.batch_size) == ("from-file.db", 7)
    cfg = load_config(env={"TIDINGS_DB": "env.db", "TIDINGS_INGEST__BATCH_SIZE": "9"})
    assert (cfg.db, cfg.batch_size) == ("env.db", 9)
    assert load_config(env={"TIDINGS_DB": "env.db"}, db="flag.db").db == "flag.db"
