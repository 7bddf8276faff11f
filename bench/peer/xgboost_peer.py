#!/usr/bin/python3
"""The gradient-boosted-trees peer of the quality benchmarks: XGBoost with fixed parameters.

Reads CSVs of numeric features (NaN or empty for missing) with a `label` column (0/1), an optional
`weight` column and an optional `time` column (an ordering number, never a feature). Trains
binary:logistic on the training CSV, stops early on the validation CSV, writes one score per row of
each test CSV, and prints one JSON line on stdout.

The validation rows must be the latest rows before the test rows, never a random sample of the
same period (early stopping on a random sample hides drift and flatters the peer). When the CSVs
carry `time`, that order is checked: every training time < every validation time < every test time.

The parameters are fixed and the same in every benchmark; nothing here is tuned to a test set.

Usage: xgboost_peer.py --train T.csv --valid V.csv --test A.csv=A-scores.csv [--test ...] [--seed 1]
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb

PARAMETERS = {
    "objective": "binary:logistic",
    "eval_metric": "logloss",
    "tree_method": "hist",
    "max_depth": 6,
    "eta": 0.05,
    "subsample": 0.8,
    "colsample_bytree": 0.8,
    "min_child_weight": 1,
    "nthread": 2,
}
MAX_ROUNDS = 2000
EARLY_STOPPING_ROUNDS = 50
RESERVED = ("label", "weight", "time")


def read(path):
    frame = pd.read_csv(path, dtype=np.float32, na_values=["NaN"], keep_default_na=True)
    if "label" not in frame.columns:
        sys.exit(f"{path}: no 'label' column (expected numeric features, label, optional weight and time)")
    return frame


def features(frame, columns, path):
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        sys.exit(f"{path}: columns {missing} of the training CSV are missing")
    return frame[columns]


def matrix(frame, columns, path):
    weight = frame["weight"].to_numpy() if "weight" in frame.columns else None
    return xgb.DMatrix(features(frame, columns, path), label=frame["label"].to_numpy(), weight=weight, missing=np.nan)


def check_time_order(earlier, later, what):
    # Both sides must carry `time` for the check to mean anything; one side only is a caller's mistake.
    if ("time" in earlier.columns) != ("time" in later.columns):
        sys.exit(f"{what}: 'time' is in one CSV and not the other")
    if "time" in earlier.columns and len(earlier) and len(later) and earlier["time"].max() >= later["time"].min():
        sys.exit(f"{what}: times overlap ({earlier['time'].max()} >= {later['time'].min()}); validation must be the latest rows before the test rows")


class Progress(xgb.callback.TrainingCallback):
    """Every 100 rounds, the validation logloss on stderr: stdout carries only the JSON line."""

    def after_iteration(self, model, epoch, evals_log):
        if epoch % 100 == 0:
            print(f"xgboost round {epoch}: valid logloss {evals_log['valid']['logloss'][-1]:.5f}", file=sys.stderr, flush=True)
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--valid", required=True)
    parser.add_argument("--test", action="append", required=True, help="IN.csv=SCORES.csv")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    train = read(args.train)
    valid = read(args.valid)
    tests = [(read(pair.split("=", 1)[0]), pair.split("=", 1)) for pair in args.test]
    check_time_order(train, valid, "training then validation")
    for test, (path, _) in tests:
        check_time_order(valid, test, f"validation then {path}")
    columns = [c for c in train.columns if c not in RESERVED]

    dtrain = matrix(train, columns, args.train)
    dvalid = matrix(valid, columns, args.valid)
    started = time.perf_counter()
    booster = xgb.train(
        {**PARAMETERS, "seed": args.seed},
        dtrain,
        num_boost_round=MAX_ROUNDS,
        evals=[(dvalid, "valid")],
        early_stopping_rounds=EARLY_STOPPING_ROUNDS,
        verbose_eval=False,
        callbacks=[Progress()],
    )
    train_seconds = time.perf_counter() - started

    for test, (path, out) in tests:
        scores = booster.predict(xgb.DMatrix(features(test, columns, path), missing=np.nan), iteration_range=(0, booster.best_iteration + 1))
        pd.DataFrame({"score": scores}).to_csv(out, index=False, float_format="%.9g")

    print(
        json.dumps(
            {
                "train_seconds": train_seconds,
                "best_iteration": booster.best_iteration,
                "best_valid_logloss": booster.best_score,
                "train_rows": len(train),
                "valid_rows": len(valid),
                "features": len(columns),
                "xgboost": xgb.__version__,
                "parameters": {**PARAMETERS, "max_rounds": MAX_ROUNDS, "early_stopping_rounds": EARLY_STOPPING_ROUNDS},
            }
        )
    )


if __name__ == "__main__":
    main()
