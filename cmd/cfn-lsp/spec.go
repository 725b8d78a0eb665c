package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

func newSpecCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "spec",
		Short: "Manage the resource specification",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var o specUpdate
	update := &cobra.Command{
		Use:   "update",
		Short: "Download the region's registry schemas, with descriptions for hover, into the cache",
		Long: `Downloads the CloudFormation registry schemas of a region (the
CloudformationSchema.zip CloudFormation publishes for it) into cfn-lsp's cache
directory. Every later cfn-lsp run, the editor's server included, loads it
instead of the embedded specification: its resource types, and the property
descriptions that hover shows.

The region is --region, else the AWS configuration's (AWS_REGION, the profile),
else us-east-1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			path, region, sp, err := o.run(ctx)
			if err != nil {
				return a.fail(cmd, err)
			}
			with := "with descriptions"
			if !sp.HasDescriptions() {
				with = "without descriptions"
			}
			fmt.Fprintf(a.stdout, "saved the %s registry schemas to %s (%d resource types, %s); cfn-lsp now uses them by default\n",
				region, path, sp.Len(), with)
			return nil
		},
	}
	update.Flags().StringVar(&o.region, "region", "", "AWS region whose resource schemas to download (default: the AWS configuration's, else us-east-1)")
	update.Flags().StringVar(&o.profile, "profile", "", "AWS shared-config profile to read the region from")
	update.Flags().StringVar(&o.url, "url", "", "download from this base URL instead of AWS (mirrors, tests)")
	update.Flags().StringVar(&o.cache, "cache", "", "cache directory (default: the user cache directory's cfn-lsp folder)")
	cmd.AddCommand(update)
	return cmd
}

// specUpdate is `cfn-lsp spec update`, also run by `check --update-specs`.
type specUpdate struct {
	region, profile, url, cache string
}

// run downloads the spec and returns where it was saved, for which region,
// and the spec loaded.
func (o specUpdate) run(ctx context.Context) (path, region string, sp *schema.Spec, err error) {
	region = o.region
	if region == "" {
		region = configuredRegion(ctx, o.profile)
	}
	dir := o.cache
	if dir == "" {
		d, err := schema.CacheDir()
		if err != nil {
			return "", "", nil, err
		}
		dir = d
	}
	path, err = schema.Update(ctx, region, o.url, dir)
	if err != nil {
		return "", "", nil, fmt.Errorf("spec update: %w", err)
	}
	sp, err = schema.Load(path)
	if err != nil {
		return "", "", nil, fmt.Errorf("the downloaded spec does not load: %w", err)
	}
	return path, region, sp, nil
}

// configuredRegion is the region of the AWS configuration (environment,
// shared config profile), or us-east-1 when it names none.
func configuredRegion(ctx context.Context, profile string) string {
	var opts []func(*config.LoadOptions) error
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if cfg, err := config.LoadDefaultConfig(ctx, opts...); err == nil && cfg.Region != "" {
		return cfg.Region
	}
	return "us-east-1"
}
