# Two commands do all set-up on a fresh machine:
#   make demo   a local `pulumi up` of the example stack against the local Image Builder service
#   make test   the whole test suite, the real Pulumi CLI included, then the load check (bench/load.py --check)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv cli demo test bench

$(VENV)/.installed: pyproject.toml imagebuilder-local/pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint requirements.lock --editable './imagebuilder-local[test]' --editable '.[aws,local,test]'
	touch $@

venv: $(VENV)/.installed

cli: venv
	scripts/ensure-pulumi.sh

demo: venv
	scripts/demo.sh

test: venv
	scripts/test.sh

bench: cli
	bash -c 'source scripts/pulumi-env.sh && exec $(BIN)/python -m bench.run'
