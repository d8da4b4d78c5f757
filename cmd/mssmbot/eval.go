package main

import "github.com/spf13/cobra"

func (a *app) evalCmd() *cobra.Command { return &cobra.Command{Use: "eval"} }
func (a *app) chatCmd() *cobra.Command { return &cobra.Command{Use: "chat"} }
